import { Controller, Inject } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { flags } from '@strata/contracts';
import { LiveFlagModel } from '@strata/flag-model';

/** `flags.evaluate` (SPEC §4.5): bare JSON in and out; a refusal is an answer (`ok: false`), never a transport error. */
@Controller()
export class EvaluateHandlers {
  constructor(@Inject(LiveFlagModel) private readonly live: LiveFlagModel) {}

  @MessagePattern(flags.FlagsSubjects.evaluate)
  evaluate(@Payload() request: unknown): flags.EvaluateResponse {
    return this.live.evaluator.evaluate(request);
  }

  @MessagePattern(flags.FlagsSubjects.modelDigest)
  digest(): flags.ModelDigest {
    return this.live.digest();
  }
}
