import { modelFeedConfigSchema, modelSnapshotMigrations, runEventSourcedService, runModelFeed } from '@strata/service-kit';
import { FlagEvaluator } from './evaluation/evaluator';
import { FlagEvaluationModule } from './flag-evaluation.module';
import { FlagEvaluationState } from './flag-evaluation-state';
import { FLAGS_MODEL_FORMAT_VERSION, FlagsModel } from './model/flags-model';
import { flagsModelFollows } from './model/model-feed';

const model = new FlagsModel();
const state = new FlagEvaluationState(new FlagEvaluator(model), model);

// Its only table is the model's snapshot (a cache: the model is the projects and entities streams folded).
void runEventSourcedService({
  name: 'flag-evaluation',
  configSchema: modelFeedConfigSchema,
  defaults: { PORT: '8006' },
  migrations: [...modelSnapshotMigrations],
  module: () => FlagEvaluationModule.forRoot(state),
  onStart: async (service) => {
    state.feed = await runModelFeed(service, { model: 'flag-evaluation', formatVersion: FLAGS_MODEL_FORMAT_VERSION, state: model, follows: flagsModelFollows(model) });
  },
});
