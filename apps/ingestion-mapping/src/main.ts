import { TypedRpcClient } from '@strata/messaging';
import { modelFeedConfigSchema, modelSnapshotMigrations, runEventSourcedService, runModelFeed } from '@strata/service-kit';
import { IngestionTables, ObservationBatcher, TABLES_FORMAT_VERSION } from './domain';
import { tablesFollows } from './feed/table-feed';
import { IngestionMappingModule } from './ingestion-mapping.module';
import { MapperState, type TaxonomyClient } from './mapper-state';

const tables = new IngestionTables();
const batcher = new ObservationBatcher();
let caughtUp = () => false;
let taxonomy: TaxonomyClient | undefined;

// The mapper's tables are its event store (the names it saw first, recorded before it answers: `observations/`) and
// the snapshot of its in-memory tables (a cache: they are the projects and taxonomy streams folded).
void runEventSourcedService({
  name: 'ingestion-mapping',
  configSchema: modelFeedConfigSchema,
  defaults: { PORT: '8004' },
  migrations: [...modelSnapshotMigrations],
  module: (kit) => {
    taxonomy = new TypedRpcClient({ nc: kit.nats, prefix: kit.config.NATS_PREFIX, timeoutMs: kit.config.RPC_TIMEOUT_MS, actor: 'service:ingestion-mapping' });
    return IngestionMappingModule.forRoot(new MapperState(tables, batcher, taxonomy, () => caughtUp()));
  },
  onStart: async (service) => {
    const client = taxonomy;
    if (client === undefined) throw new Error('taxonomy client was not created');
    service.shutdown.onStop('workers', 'taxonomy client', () => client.close());
    const follows = tablesFollows(tables, (event) => {
      if (event.type === 'ProjectDeleted' || event.type === 'ProjectTaxonomyRemoved') batcher.forgetProject(event.data.projectId);
    });
    const feed = await runModelFeed(service, { model: 'ingestion-mapping', formatVersion: TABLES_FORMAT_VERSION, state: tables, follows });
    caughtUp = () => feed.isCaughtUp;
  },
});
