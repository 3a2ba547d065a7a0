import { deadLetterStreamName, deadLetterSubject, type ServiceName } from '@strata/contracts';
import type { JetStreamManager, StreamInfo } from 'nats';
import { ensureStream } from './jetstream-stream';

// The one way a stream is created or brought to its definition (and its replicas), and the services' event streams.
export { ensureStream, isApiError, ReplicasRefused, type StreamDefinition, type StreamPlacement } from './jetstream-stream';
export { ensureEventStream, type EventStreamOptions } from './event-stream';

const DAY_NS = 24 * 60 * 60 * 1e9;

export interface DeadLetterStreamOptions {
  service: ServiceName;
  prefix?: string;
  /** How long a dead letter is kept for inspection and replay. */
  maxAgeDays?: number;
  replicas?: number;
}

/** The stream holding every message a consumer of `service` gave up on: `dlq.<service>.>`. */
export function ensureDeadLetterStream(jsm: JetStreamManager, options: DeadLetterStreamOptions): Promise<StreamInfo> {
  return ensureStream(jsm, {
    name: deadLetterStreamName(options.service, options.prefix),
    subjects: [deadLetterSubject(options.service, '>', options.prefix)],
    max_age: (options.maxAgeDays ?? 30) * DAY_NS,
  }, { replicas: options.replicas });
}
