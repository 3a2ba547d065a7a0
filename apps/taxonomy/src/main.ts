import { runEventSourcedService } from '@strata/service-kit';
import { observationsConsumer } from './observations/observations.consumer';
import { projectsConsumer } from './projects-feed/projects.consumer';
import { taxonomyProjections } from './projections';
import { taxonomyMigrations } from './read-models/migrations';
import { TaxonomyModule } from './taxonomy.module';

void runEventSourcedService({
  name: 'taxonomy',
  defaults: { PORT: '8002' },
  module: () => TaxonomyModule,
  migrations: taxonomyMigrations,
  projections: taxonomyProjections,
  consumers: async ({ nats, database, store, config }) => {
    const deps = { nc: nats, db: database, store, prefix: config.NATS_PREFIX };
    return [await projectsConsumer(deps), await observationsConsumer(deps)];
  },
});
