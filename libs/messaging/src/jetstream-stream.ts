import { ErrorCode, NatsError, RetentionPolicy, StorageType, type JetStreamManager, type StreamConfig, type StreamInfo } from 'nats';

const STREAM_NOT_FOUND = 10059;
const STREAM_NAME_IN_USE = 10058;
const NOT_CLUSTERED = 10074;
const NO_SUITABLE_PEERS = 10005;
const JETSTREAM_UNAVAILABLE = 10008;
/** A cluster busy electing or placing (many instances creating streams at once) answers late: ask again, this long. */
const BUSY_CLUSTER_WAIT_MS = 30_000;

export type StreamDefinition = Pick<StreamConfig, 'name' | 'subjects'> & Partial<StreamConfig>;

export interface StreamPlacement {
  /**
   * Copies of the stream kept by a NATS cluster (`NATS_STREAM_REPLICAS`). Absent: 1 when the stream is created, and
   * an existing stream keeps its own (a service that only reads another's stream never rescales it).
   */
  replicas?: number;
}

/**
 * Creates the stream, or brings an existing one's subjects, limits and replicas to the definition: several instances
 * may boot at once, and a redeploy may change a stream's definition. A replica count the servers cannot hold is
 * refused with one line saying what to do. Durable consumers keep `num_replicas` 0, which is the stream's count, and
 * the server moves them along when a stream is rescaled.
 */
export async function ensureStream(jsm: JetStreamManager, definition: StreamDefinition, placement: StreamPlacement = {}): Promise<StreamInfo> {
  const deadline = Date.now() + BUSY_CLUSTER_WAIT_MS;
  for (;;) {
    try {
      return await ensureStreamOnce(jsm, definition, placement);
    } catch (error) {
      // Each step is idempotent: a create that timed out but happened is found by the next round's info.
      if (!isBusy(error) || Date.now() > deadline) throw error;
    }
  }
}

async function ensureStreamOnce(jsm: JetStreamManager, definition: StreamDefinition, placement: StreamPlacement): Promise<StreamInfo> {
  const config: Partial<StreamConfig> = {
    storage: StorageType.File,
    retention: RetentionPolicy.Limits,
    ...definition,
    num_replicas: placement.replicas ?? 1,
  };
  let current: StreamInfo;
  try {
    current = await jsm.streams.info(definition.name);
  } catch (error) {
    if (!isApiError(error, STREAM_NOT_FOUND)) throw error;
    return jsm.streams.add(config).catch((failure: unknown) => {
      // Created meanwhile by another service, perhaps with its owner's replicas: bring it to the definition instead.
      if (isApiError(failure, STREAM_NAME_IN_USE)) return ensureStreamOnce(jsm, definition, placement);
      throw replicasRefused(failure, definition.name, config.num_replicas ?? 1);
    });
  }
  const { name, storage: _storage, retention: _retention, num_replicas: replicas, ...updatable } = config;
  const rescale = placement.replicas !== undefined && current.config.num_replicas !== replicas;
  // A single server stores any count it is given and keeps one copy: refuse rather than pretend.
  if (rescale && (replicas ?? 1) > 1 && !current.cluster) throw new ReplicasRefused(name as string, replicas ?? 1, 'the NATS server is not clustered');
  return jsm.streams.update(name as string, rescale ? { ...updatable, num_replicas: replicas } : updatable).catch((failure: unknown) => {
    throw rescale ? replicasRefused(failure, name as string, replicas ?? 1) : failure;
  });
}

/** A stream's replica count the NATS servers cannot give it: the message says what to do. */
export class ReplicasRefused extends Error {
  constructor(stream: string, replicas: number, why: string) {
    super(
      `stream ${stream} cannot have ${replicas} replicas: ${why}; ` +
        `set NATS_STREAM_REPLICAS to at most the number of JetStream servers in the cluster (1 for a single server), or run a cluster (npm start -- --nats-cluster)`,
    );
    this.name = 'ReplicasRefused';
  }
}

function replicasRefused(error: unknown, stream: string, replicas: number): unknown {
  if (isApiError(error, NOT_CLUSTERED)) return new ReplicasRefused(stream, replicas, 'the NATS server is not clustered');
  if (isApiError(error, NO_SUITABLE_PEERS)) return new ReplicasRefused(stream, replicas, 'the NATS cluster has fewer JetStream servers');
  return error;
}

function isBusy(error: unknown): boolean {
  return (error instanceof NatsError && error.code === ErrorCode.Timeout) || isApiError(error, JETSTREAM_UNAVAILABLE);
}

export function isApiError(error: unknown, errCode: number): boolean {
  return error instanceof NatsError && error.api_error?.err_code === errCode;
}
