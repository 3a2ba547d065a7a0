import { LiveFlagModel } from '@strata/flag-model';
import { modelFeedConfigSchema, modelSnapshotMigrations, runEventSourcedService } from '@strata/service-kit';
import { FlagEvaluationModule } from './flag-evaluation.module';

const live = new LiveFlagModel();

// Its only table is the model's snapshot (a cache: the model is the projects and entities streams folded).
void runEventSourcedService({
  name: 'flag-evaluation',
  configSchema: modelFeedConfigSchema,
  defaults: { PORT: '8006' },
  migrations: [...modelSnapshotMigrations],
  module: () => FlagEvaluationModule.forRoot(live),
  onStart: (service) => live.start(service, 'flag-evaluation'),
});
