import { deadLetterStreamName, deadLetterSubject, type ServiceName } from '@strata/contracts';
import { NatsError, RetentionPolicy, StorageType, type JetStreamManager, type StreamConfig, type StreamInfo } from 'nats';

const STREAM_NOT_FOUND = 10059;
const DAY_NS = 24 * 60 * 60 * 1e9;

export type StreamDefinition = Pick<StreamConfig, 'name' | 'subjects'> & Partial<StreamConfig>;

/**
 * Creates the stream, or brings an existing one's subjects and limits to the definition: several instances may boot
 * at once, and a redeploy may change a stream's definition.
 */
export async function ensureStream(jsm: JetStreamManager, definition: StreamDefinition): Promise<StreamInfo> {
  const config: Partial<StreamConfig> = {
    storage: StorageType.File,
    retention: RetentionPolicy.Limits,
    num_replicas: 1,
    ...definition,
  };
  try {
    await jsm.streams.info(definition.name);
  } catch (error) {
    if (!isApiError(error, STREAM_NOT_FOUND)) throw error;
    return jsm.streams.add(config);
  }
  const { name, storage: _storage, retention: _retention, ...updatable } = config;
  return jsm.streams.update(name as string, updatable);
}

export interface DeadLetterStreamOptions {
  service: ServiceName;
  prefix?: string;
  /** How long a dead letter is kept for inspection and replay. */
  maxAgeDays?: number;
}

/** The stream holding every message a consumer of `service` gave up on: `dlq.<service>.>`. */
export function ensureDeadLetterStream(jsm: JetStreamManager, options: DeadLetterStreamOptions): Promise<StreamInfo> {
  return ensureStream(jsm, {
    name: deadLetterStreamName(options.service, options.prefix),
    subjects: [deadLetterSubject(options.service, '>', options.prefix)],
    max_age: (options.maxAgeDays ?? 30) * DAY_NS,
  });
}

export function isApiError(error: unknown, errCode: number): boolean {
  return error instanceof NatsError && error.api_error?.err_code === errCode;
}
