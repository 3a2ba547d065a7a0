import { type DynamicModule, Module } from '@nestjs/common';
import { EvaluateHandlers } from './evaluation/evaluate.handlers';
import { FlagEvaluator } from './evaluation/evaluator';

/** The flag-evaluation service: an in-memory model per environment, no storage of its own (SPEC §2, §4.5). */
@Module({})
export class FlagEvaluationModule {
  static forRoot(evaluator: FlagEvaluator): DynamicModule {
    return { module: FlagEvaluationModule, controllers: [EvaluateHandlers], providers: [{ provide: FlagEvaluator, useValue: evaluator }] };
  }
}
