import type { ModelFeed } from '@strata/service-kit';
import type { FlagEvaluator } from './evaluation/evaluator';
import type { FlagsModel } from './model/flags-model';

/** The one in-memory model of the service, shared by the NATS handlers (Nest) and the feed started in `main`. */
export class FlagEvaluationState {
  /** Set once the feed runs (`main`'s `onStart`, before any request is served). */
  feed?: ModelFeed;

  constructor(
    readonly evaluator: FlagEvaluator,
    readonly model: FlagsModel,
  ) {}
}
