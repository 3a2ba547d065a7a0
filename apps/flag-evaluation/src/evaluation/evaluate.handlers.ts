import { Controller, Inject } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { flags } from '@strata/contracts';
import { FlagEvaluationState } from '../flag-evaluation-state';
import { flagsModelDigest } from '../model/model-digest';

/** `flags.evaluate` (SPEC §4.5): bare JSON in and out; a refusal is an answer (`ok: false`), never a transport error. */
@Controller()
export class EvaluateHandlers {
  constructor(@Inject(FlagEvaluationState) private readonly state: FlagEvaluationState) {}

  @MessagePattern(flags.FlagsSubjects.evaluate)
  evaluate(@Payload() request: unknown): flags.EvaluateResponse {
    return this.state.evaluator.evaluate(request);
  }

  @MessagePattern(flags.FlagsSubjects.modelDigest)
  digest(): flags.ModelDigest {
    return flagsModelDigest(this.state.model, this.state.feed);
  }
}
