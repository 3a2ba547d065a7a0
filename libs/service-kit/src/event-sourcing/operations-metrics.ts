import type { ServiceName } from '@strata/contracts';
import type { Database } from '@strata/database';
import { loadCheckpoint, RELAY_CHECKPOINT, unpublished } from '@strata/eventstore';
import { deadLetterCounts, type EventConsumer } from '@strata/messaging';
import type { NatsConnection } from 'nats';
import type { Metrics } from '../ops/metrics';

export interface OperationsMetricsSources {
  service: ServiceName;
  prefix: string;
  database: Database;
  nats: NatsConnection;
  consumers: readonly EventConsumer[];
}

/**
 * What an operator watches (SPEC §12), read from Postgres and JetStream when Prometheus scrapes: the relay's backlog
 * and the age of its oldest unpublished event, each durable consumer's pending and unacknowledged messages, and each
 * consumer's dead letters. Every instance reports the same values (they are the service's, not the instance's).
 */
export function operationsMetrics(metrics: Metrics, sources: OperationsMetricsSources): void {
  const { service, prefix, database, nats, consumers } = sources;
  const relayLag = async () => unpublished(database, await loadCheckpoint(database, RELAY_CHECKPOINT));
  metrics.observedGauge({ name: 'strata_outbox_backlog_events', help: 'Committed events the outbox relay has not published yet.' }, async (gauge) => {
    gauge.set((await relayLag()).count);
  });
  metrics.observedGauge({ name: 'strata_outbox_oldest_unpublished_seconds', help: 'Age of the oldest committed event not yet published (0: none).' }, async (gauge) => {
    const { oldestAt } = await relayLag();
    gauge.set(oldestAt ? Math.max(0, Date.now() - oldestAt.getTime()) / 1000 : 0);
  });
  const consumerInfo = async () => {
    const jsm = await nats.jetstreamManager();
    return Promise.all(consumers.map((consumer) => jsm.consumers.info(consumer.stream, consumer.name)));
  };
  metrics.observedGauge({ name: 'strata_consumer_pending_messages', help: 'Messages a durable consumer has not been delivered yet.', labelNames: ['consumer'] }, async (gauge) => {
    for (const info of await consumerInfo()) gauge.set({ consumer: info.name }, info.num_pending);
  });
  metrics.observedGauge({ name: 'strata_consumer_ack_pending_messages', help: 'Messages delivered to a durable consumer and not yet acknowledged.', labelNames: ['consumer'] }, async (gauge) => {
    for (const info of await consumerInfo()) gauge.set({ consumer: info.name }, info.num_ack_pending);
  });
  metrics.observedGauge({ name: 'strata_dead_letters', help: 'Messages a consumer gave up on, kept in the dead-letter stream.', labelNames: ['consumer'] }, async (gauge) => {
    const counts = await deadLetterCounts(await nats.jetstreamManager(), service, prefix);
    for (const name of new Set([...consumers.map((c) => c.name), ...Object.keys(counts)])) gauge.set({ consumer: name }, counts[name] ?? 0);
  });
}
