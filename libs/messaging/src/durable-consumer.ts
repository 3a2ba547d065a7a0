import { AckPolicy, DeliverPolicy, nanos, type ConsumerConfig, type ConsumerInfo, type JetStreamManager, type NatsConnection } from 'nats';
import { isApiError } from './streams';

const CONSUMER_NOT_FOUND = 10014;

export interface DurableConsumerDefinition {
  stream: string;
  durable: string;
  filterSubjects?: readonly string[];
  ackWaitMs: number;
}

/**
 * Creates the durable pull consumer or updates it to the definition. One message in flight at a time
 * (`max_ack_pending: 1`), across every instance: read models apply events in stream order, and a message waiting for
 * its redelivery holds back the ones after it. Redelivery is unbounded on the server; the consumer bounds it itself
 * and dead-letters, so a failed dead-letter publish never silently drops an event. `num_replicas` stays unset (0): the
 * consumer has its stream's copies (`NATS_STREAM_REPLICAS`), and the server moves it along when the stream is rescaled.
 */
export async function ensureDurableConsumer(nc: NatsConnection, jsm: JetStreamManager, definition: DurableConsumerDefinition): Promise<ConsumerInfo> {
  const updatable: Partial<ConsumerConfig> = {
    ack_wait: nanos(definition.ackWaitMs),
    max_ack_pending: 1,
    max_deliver: -1,
    ...subjectFilter(nc, definition.filterSubjects ?? []),
  };
  try {
    await jsm.consumers.info(definition.stream, definition.durable);
  } catch (error) {
    if (!isApiError(error, CONSUMER_NOT_FOUND)) throw error;
    return jsm.consumers.add(definition.stream, {
      ...updatable,
      durable_name: definition.durable,
      ack_policy: AckPolicy.Explicit,
      deliver_policy: DeliverPolicy.All,
    });
  }
  return jsm.consumers.update(definition.stream, definition.durable, updatable);
}

/** Removes the durable consumer, and with it its position in the stream; absent is fine. */
export async function deleteDurableConsumer(jsm: JetStreamManager, stream: string, durable: string): Promise<void> {
  try {
    await jsm.consumers.delete(stream, durable);
  } catch (error) {
    if (!isApiError(error, CONSUMER_NOT_FOUND)) throw error;
  }
}

function subjectFilter(nc: NatsConnection, subjects: readonly string[]): Partial<ConsumerConfig> {
  if (subjects.length === 0) return {};
  if (subjects.length === 1) return { filter_subject: subjects[0] };
  // Older servers ignore `filter_subjects` silently, and the consumer would receive the whole stream.
  if (!serverAtLeast(nc, 2, 10)) throw new Error(`several filter subjects need nats-server >= 2.10 (connected to ${nc.info?.version})`);
  return { filter_subjects: [...subjects] };
}

function serverAtLeast(nc: NatsConnection, major: number, minor: number): boolean {
  const [serverMajor = 0, serverMinor = 0] = (nc.info?.version ?? '0.0').split('.').map(Number);
  return serverMajor > major || (serverMajor === major && serverMinor >= minor);
}
