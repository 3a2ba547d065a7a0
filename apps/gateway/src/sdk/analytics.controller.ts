import { Body, HttpCode, Inject, Post, Req, UseGuards } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiResponse } from '@nestjs/swagger';
import { LiveFlagModel } from '@strata/flag-model';
import type { FastifyRequest } from 'fastify';
import { OpenApiController } from '../auth/request-context';
import { ApiCredential, ApiErrors, collection } from '../http/routes';
import { analyticsBodyOf, EvaluationCounter } from './analytics';
import { AnalyticsAnswerDto, AnalyticsRequestDto } from './analytics-bodies';
import { refusalError } from './sdk-answers';
import { SdkKeyCatchUp } from './sdk-key-catch-up';
import { environmentKeyOf } from './sdk-requests';

/**
 * Flagsmith's analytics (`enableAnalytics: true`): the SDK posts how often it evaluated each flag. The key says which
 * environment; a name that environment does not show this key is ignored (and named in the answer), the rest is
 * counted in memory here and written in batches (`EvaluationCounter`).
 */
@OpenApiController('sdk: Flagsmith', 'api/v1')
@ApiCredential('environment_key')
@UseGuards(SdkKeyCatchUp)
export class AnalyticsController {
  constructor(
    @Inject(LiveFlagModel) private readonly live: LiveFlagModel,
    private readonly counter: EvaluationCounter,
  ) {}

  @Post(collection('analytics/flags'))
  @HttpCode(200)
  @ApiOperation({ summary: 'Evaluation counts `{<feature name>: <count>}` from an SDK with analytics on (Flagsmith’s `POST /api/v1/analytics/flags/`)' })
  @ApiBody({ type: AnalyticsRequestDto })
  @ApiResponse({ status: 200, type: AnalyticsAnswerDto })
  @ApiErrors(400, 413)
  record(@Req() request: FastifyRequest, @Body() body: unknown): { ignored: string[] } {
    const key = environmentKeyOf(request.headers['x-environment-key']);
    const counts = analyticsBodyOf(body);
    // Which flags this key is shown, from the gateway's own model (as the SDK routes answer).
    const answer = this.live.evaluator.evaluate({ key });
    if (!answer.ok) throw refusalError(answer);
    const seen = new Map(answer.flags.map((flag) => [flag.key, flag.id]));
    const ignored: string[] = [];
    for (const [name, count] of counts) {
      const flagId = seen.get(name);
      if (flagId === undefined) ignored.push(name);
      else this.counter.add(answer.environment.id, flagId, count);
    }
    return { ignored };
  }
}
