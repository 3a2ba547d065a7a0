import { eventStreamName, serviceEventsFilter, type ServiceName } from '@strata/contracts';
import { nanos, type JetStreamManager, type StorageType, type StreamInfo } from 'nats';
import { ensureStream } from './jetstream-stream';

/** Whichever service creates a stream first (its owner, or a consumer starting before it), it is created alike. */
const EVENT_DUPLICATE_WINDOW_MS = 2 * 60 * 60 * 1000;

export interface EventStreamOptions {
  /**
   * How long JetStream remembers a `Nats-Msg-Id`. The relay republishes at most what it published since its last
   * stored checkpoint, so this bounds the crash (or outage) after which a restart can still not duplicate an event:
   * make it longer than the longest relay downtime you want covered. Two hours unless told.
   */
  duplicateWindowMs?: number;
  storage?: StorageType;
  /**
   * Copies a NATS cluster keeps (`NATS_STREAM_REPLICAS`), given by the stream's owner; a service that only reads the
   * stream leaves it out, so it never rescales another's stream (it creates it with 1 if it starts first).
   */
  replicas?: number;
}

/** The one place a service's event stream is created: `<prefix>events.<service>.>`, named by `eventStreamName`. */
export function ensureEventStream(jsm: JetStreamManager, service: ServiceName, prefix: string, options: EventStreamOptions = {}): Promise<StreamInfo> {
  return ensureStream(
    jsm,
    {
      name: eventStreamName(service, prefix),
      subjects: [serviceEventsFilter(service, prefix)],
      duplicate_window: nanos(options.duplicateWindowMs ?? EVENT_DUPLICATE_WINDOW_MS),
      ...(options.storage ? { storage: options.storage } : {}),
    },
    { replicas: options.replicas },
  );
}
