import { eventStreamName, type MessageContext } from '@strata/contracts';
import type { Transaction } from '@strata/database';
import type { EventSource, EventTypeOf, RecordedEvent } from './service-events';
import { EventSelection } from './envelope-codec';
import { EventConsumer, type EventConsumerOptions } from './event-consumer';

/** Applies one event to a read model through `tx`; throwing rolls the change back and schedules a redelivery. */
export type RecordedEventHandler<S extends EventSource, T extends EventTypeOf<S>> = (
  event: RecordedEvent<S, T>,
  tx: Transaction,
  context: MessageContext,
) => Promise<void>;

export interface ConsumeOptions<S extends EventSource, T extends EventTypeOf<S>>
  extends Omit<EventConsumerOptions, 'stream' | 'filterSubjects' | 'handle' | 'concerns'> {
  /** The service whose events are consumed (its stream `events.<from>.>`). */
  from: S;
  /** The event types handled; the handler receives them narrowed, every other type is acknowledged unapplied. */
  events: readonly T[];
  handle: RecordedEventHandler<S, T>;
}

/**
 * The one way to consume another service's events into a read model: a durable JetStream pull consumer, one event in
 * flight in stream order, each applied in one transaction that also records its id in `processed_events` (a
 * redelivery changes nothing), redelivered with backoff and dead-lettered after `maxDeliver` attempts.
 *
 * ```ts
 * consume({ nc, db, service: 'taxonomy', name: 'taxonomy-projects', from: 'projects', events: ['ProjectCreated'],
 *   handle: async (event, tx) => { event.data.projectId … } });
 * ```
 */
export function consume<S extends EventSource, const T extends EventTypeOf<S>>(options: ConsumeOptions<S, T>): EventConsumer {
  const { from, events, handle, ...rest } = options;
  const selection = new EventSelection(from, events, rest.prefix);
  const filterSubject = selection.filterSubject(rest.prefix);
  return new EventConsumer({
    ...rest,
    stream: eventStreamName(from, rest.prefix),
    filterSubjects: filterSubject === undefined ? undefined : [filterSubject],
    concerns: { subject: (subject) => selection.wantsSubject(subject), envelope: (envelope) => selection.includes(envelope) },
    handle: async (envelope, tx, context) => {
      if (selection.includes(envelope)) await handle(envelope, tx, context);
    },
  });
}
