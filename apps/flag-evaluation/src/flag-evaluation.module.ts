import { type DynamicModule, Module } from '@nestjs/common';
import { EvaluateHandlers } from './evaluation/evaluate.handlers';
import { FlagEvaluationState } from './flag-evaluation-state';

/** The flag-evaluation service: an in-memory model per environment, snapshotted now and then (SPEC §2, §4.5). */
@Module({})
export class FlagEvaluationModule {
  static forRoot(state: FlagEvaluationState): DynamicModule {
    return { module: FlagEvaluationModule, controllers: [EvaluateHandlers], providers: [{ provide: FlagEvaluationState, useValue: state }] };
  }
}
