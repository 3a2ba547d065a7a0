import { modelAge, runEventSourcedService } from '@strata/service-kit';
import { FlagEvaluator } from './evaluation/evaluator';
import { FlagEvaluationModule } from './flag-evaluation.module';
import { FlagsModel } from './model/flags-model';
import { ModelFeed } from './model/model-feed';

const model = new FlagsModel();
const evaluator = new FlagEvaluator(model);

// Nothing persistent: the bootstrap's event store stays empty; the model is rebuilt from the streams at every start.
void runEventSourcedService({
  name: 'flag-evaluation',
  defaults: { PORT: '8006' },
  module: () => FlagEvaluationModule.forRoot(evaluator),
  onStart: async ({ nats, config, shutdown, readiness, logger, metrics }) => {
    const age = modelAge(metrics);
    const feed = new ModelFeed(nats, config.NATS_PREFIX, model, () => age.applied());
    readiness.register('model', async () => {
      if (!feed.isCaughtUp) throw new Error('replaying the projects and entities streams');
      return { applied: feed.applied };
    });
    const started = Date.now();
    // Requests are served only after this (the RPC server starts after onStart): never from a half-built model.
    await feed.start();
    logger.info({ events: feed.applied, ms: Date.now() - started }, 'model caught up');
    shutdown.onStop('workers', 'model feed', () => feed.stop());
  },
});
