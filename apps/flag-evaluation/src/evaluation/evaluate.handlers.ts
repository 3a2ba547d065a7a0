import { Controller, Inject } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { flags } from '@strata/contracts';
import { FlagEvaluator } from './evaluator';

/** `flags.evaluate` (SPEC §4.5): bare JSON in and out; a refusal is an answer (`ok: false`), never a transport error. */
@Controller()
export class EvaluateHandlers {
  constructor(@Inject(FlagEvaluator) private readonly evaluator: FlagEvaluator) {}

  @MessagePattern(flags.FlagsSubjects.evaluate)
  evaluate(@Payload() request: unknown): flags.EvaluateResponse {
    return this.evaluator.evaluate(request);
  }
}
