import { RpcClient } from '@strata/messaging';
import { modelAge, runEventSourcedService } from '@strata/service-kit';
import { IngestionTables, ObservationBatcher } from './domain';
import { TableFeed } from './feed/table-feed';
import { IngestionMappingModule } from './ingestion-mapping.module';
import { MapperState } from './mapper-state';

const tables = new IngestionTables();
const batcher = new ObservationBatcher();
let feed: TableFeed | undefined;
let taxonomy: RpcClient | undefined;

// The mapper's only tables are its event store: the names it saw first, recorded before it answers (`observations/`).
void runEventSourcedService({
  name: 'ingestion-mapping',
  defaults: { PORT: '8004' },
  module: (kit) => {
    taxonomy = new RpcClient({ nc: kit.nats, prefix: kit.config.NATS_PREFIX, timeoutMs: kit.config.RPC_TIMEOUT_MS, actor: 'service:ingestion-mapping' });
    return IngestionMappingModule.forRoot(new MapperState(tables, batcher, taxonomy, () => feed?.isCaughtUp ?? false));
  },
  onStart: async ({ nats, config, shutdown, readiness, logger, metrics }) => {
    if (taxonomy === undefined) throw new Error('taxonomy client was not created');
    const age = modelAge(metrics);
    feed = new TableFeed({
      nc: nats,
      prefix: config.NATS_PREFIX,
      tables,
      onApplied: (event) => {
        age.applied();
        if (event.type === 'ProjectDeleted' || event.type === 'ProjectTaxonomyRemoved') batcher.forgetProject(event.data.projectId);
      },
    });
    readiness.register('tables', async () => {
      if (!feed?.isCaughtUp) throw new Error('replaying the projects and taxonomy streams');
      return { applied: feed.applied };
    });
    const started = Date.now();
    // Requests are served only after this (the RPC server starts after onStart): never from half-built tables.
    await feed.start();
    logger.info({ events: feed.applied, ms: Date.now() - started }, 'tables caught up');
    const client = taxonomy;
    shutdown.onStop('workers', 'table feed', () => feed?.stop());
    shutdown.onStop('workers', 'taxonomy client', () => client.close());
  },
});
