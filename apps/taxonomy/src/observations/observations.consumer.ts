import type { Database } from '@strata/database';
import type { PostgresEventStore } from '@strata/eventstore';
import { consume, ensureEventStream, type EventConsumer } from '@strata/messaging';
import { metrics } from '@strata/service-kit';
import type { NatsConnection } from 'nats';
import { recordObservations } from './record-observations';

export interface ObservationsConsumerOptions {
  nc: NatsConnection;
  db: Database;
  store: PostgresEventStore;
  prefix: string;
}

/**
 * What the ingestion mapper saw first (`DefinitionsObserved`, SPEC §5), recorded as definitions: one write per new
 * definition. Recording decides on the definitions' current state, so a redelivered report writes nothing new; a
 * report that keeps failing is dead-lettered after the consumer's attempts and the ones behind it go on.
 */
export async function observationsConsumer(options: ObservationsConsumerOptions): Promise<EventConsumer> {
  const { nc, db, store, prefix } = options;
  const writes = metrics.counter({ name: 'strata_taxonomy_definition_writes_total', help: 'Definition events written from observations.' });
  // Taxonomy may start before the mapper: the stream is created as the mapper's relay would create it.
  await ensureEventStream(await nc.jetstreamManager(), 'ingestion-mapping', prefix);
  return consume({
    nc,
    db,
    service: 'taxonomy',
    name: 'taxonomy-observations',
    from: 'ingestion-mapping',
    events: ['DefinitionsObserved'],
    prefix,
    handle: async (event) => {
      writes.inc(await recordObservations(store, db, event.data));
    },
  });
}
