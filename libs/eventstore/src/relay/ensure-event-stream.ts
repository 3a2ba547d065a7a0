import { eventStreamName, serviceEventsFilter, type ServiceName } from '@strata/contracts';
import { NatsError, nanos, RetentionPolicy, StorageType, type JetStreamManager, type StreamInfo } from 'nats';

const STREAM_NOT_FOUND = 10059;
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
}

/** The one place a service's event stream is created: `<prefix>events.<service>.>`, named by `eventStreamName`. */
export async function ensureEventStream(
  jsm: JetStreamManager,
  service: ServiceName,
  prefix: string,
  options: EventStreamOptions = {},
): Promise<StreamInfo> {
  const name = eventStreamName(service, prefix);
  const duplicateWindowMs = options.duplicateWindowMs ?? EVENT_DUPLICATE_WINDOW_MS;
  const settings = { subjects: [serviceEventsFilter(service, prefix)], duplicate_window: nanos(duplicateWindowMs) };
  try {
    await jsm.streams.info(name);
  } catch (error) {
    if (!(error instanceof NatsError && error.api_error?.err_code === STREAM_NOT_FOUND)) throw error;
    return jsm.streams.add({
      name,
      ...settings,
      storage: options.storage ?? StorageType.File,
      retention: RetentionPolicy.Limits,
      num_replicas: 1,
    });
  }
  return jsm.streams.update(name, settings);
}
