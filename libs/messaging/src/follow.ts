import { Logger, type LoggerService } from '@nestjs/common';
import { eventStreamName } from '@strata/contracts';
import type { NatsConnection } from 'nats';
import type { EventSource, EventTypeOf, RecordedEvent } from './service-events';
import { EventSelection } from './envelope-codec';
import { StreamFollower } from './stream-follower';

export interface FollowOptions<S extends EventSource, T extends EventTypeOf<S>> {
  nc: NatsConnection;
  prefix?: string;
  /** The service whose stream is followed; the stream must exist (`ensureEventStream`). */
  from: S;
  /** The event types applied; the handler receives them narrowed, every other type is passed over unread. */
  events: readonly T[];
  /** `all` (default): replay the stream, then follow live; `new`: only events published after `start()`. */
  deliver?: 'all' | 'new';
  /** Replay from this stream sequence instead of the first: what a snapshot of the model did not cover. */
  fromSequence?: number;
  handle: (event: RecordedEvent<S, T>) => void;
  /** An event that could not be read or applied; logged and skipped unless told otherwise. */
  onSkipped?: (reason: string) => void;
  logger?: LoggerService;
}

/**
 * The one way to follow another service's events into memory: every instance reads every event, in stream order,
 * without acknowledgements; `caughtUp` resolves once what was in the stream at start has been applied. One event type
 * is filtered by the server, several by subject here, so only the listed types are ever decoded.
 */
export function follow<S extends EventSource, const T extends EventTypeOf<S>>(options: FollowOptions<S, T>): StreamFollower {
  const { nc, prefix, from, events, handle } = options;
  const selection = new EventSelection(from, events, prefix);
  const logger = options.logger ?? new Logger(`follow ${from}`);
  return new StreamFollower({
    nc,
    stream: eventStreamName(from, prefix),
    filterSubject: selection.filterSubject(prefix),
    deliver: options.deliver ?? 'all',
    fromSequence: options.fromSequence,
    wantsSubject: (subject) => selection.wantsSubject(subject),
    apply: (envelope) => {
      if (selection.includes(envelope)) handle(envelope);
    },
    onSkipped: options.onSkipped ?? ((reason) => logger.error(reason)),
    logger,
  });
}
