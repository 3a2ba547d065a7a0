import { type DynamicModule, Module } from '@nestjs/common';
import { LiveFlagModel } from '@strata/flag-model';
import { EvaluateHandlers } from './evaluation/evaluate.handlers';

/** The flag-evaluation service: an in-memory model per environment, snapshotted now and then (SPEC §2, §4.5). */
@Module({})
export class FlagEvaluationModule {
  static forRoot(live: LiveFlagModel): DynamicModule {
    return { module: FlagEvaluationModule, controllers: [EvaluateHandlers], providers: [{ provide: LiveFlagModel, useValue: live }] };
  }
}
