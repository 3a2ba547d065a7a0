import type { PublishedBatch } from '@strata/eventstore';
import type { Metrics } from '../ops/metrics';

/** Relay progress as Prometheus metrics (the registry labels them with the service). */
export function relayMetrics(metrics: Metrics): (batch: PublishedBatch) => void {
  const published = metrics.counter({ name: 'strata_outbox_published_total', help: 'Events the outbox relay published to JetStream.' });
  const duplicates = metrics.counter({ name: 'strata_outbox_duplicates_total', help: 'Republished events JetStream de-duplicated.' });
  const lag = metrics.histogram({
    name: 'strata_outbox_lag_seconds',
    help: 'Time from an event being stored to its JetStream ack.',
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
  });
  return (batch) => {
    published.inc(batch.events.length);
    duplicates.inc(batch.duplicates);
    for (const event of batch.events) lag.observe(Math.max(0, batch.ackedAt - event.createdAt.getTime()) / 1000);
  };
}
