import { Body, Inject, Param, Post, Req, Res, UseGuards } from '@nestjs/common';
import { ApiBody, ApiHeader, ApiOperation, ApiResponse, ApiSecurity } from '@nestjs/swagger';
import { type flags, StrataError } from '@strata/contracts';
import { bodyEtag, LiveFlagModel } from '@strata/flag-model';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { OpenApiController } from '../auth/request-context';
import { noneMatch, ofrepResult, refusalError } from './sdk-answers';
import { SdkKeyCatchUp } from './sdk-key-catch-up';
import { ofrepEventStreams } from './sdk-streams';
import { OfrepBulkDto, OfrepErrorDto, OfrepRequestDto, OfrepResultDto } from './sdk-bodies';
import { type OfrepContext, type OfrepErrorCode, ofrepContextOf, ofrepInvalid, ofrepKeyOf } from './sdk-requests';

const JSON_TYPE = 'application/json; charset=utf-8';

/**
 * OpenFeature's remote evaluation protocol (OFREP, SPEC §4.5): `context.targetingKey` is the identifier, the other
 * attributes its traits; the key is in `Authorization: Bearer` or `X-API-Key`. Errors carry the protocol's
 * `errorCode`/`errorDetails` beside the SPEC's `{type, code, detail, attr}`, so both kinds of client read them.
 */
@OpenApiController('sdk: OpenFeature (OFREP)', 'ofrep/v1/evaluate')
@ApiSecurity('ofrep_bearer')
@ApiSecurity('ofrep_api_key')
@UseGuards(SdkKeyCatchUp)
export class OfrepController {
  constructor(@Inject(LiveFlagModel) private readonly live: LiveFlagModel) {}

  @Post('flags/:key')
  @ApiOperation({ summary: 'One flag for a context (OFREP single evaluation)' })
  @ApiBody({ type: OfrepRequestDto })
  @ApiResponse({ status: 200, type: OfrepResultDto })
  @ApiResponse({ status: 400, description: 'PARSE_ERROR or INVALID_CONTEXT', type: OfrepErrorDto })
  @ApiResponse({ status: 401, description: 'no key, unknown or rotated key', type: OfrepErrorDto })
  @ApiResponse({ status: 404, description: 'FLAG_NOT_FOUND: absent, or not seen by this key', type: OfrepErrorDto })
  @ApiResponse({ status: 413, description: 'payload_too_large', type: OfrepErrorDto })
  flag(@Param('key') flagKey: string, @Req() request: FastifyRequest, @Res() reply: FastifyReply, @Body() body: unknown): void {
    try {
      const context = ofrepContextOf(body);
      const answer = this.evaluate(keyOf(request), context, flagKey);
      const flag = answer.flags[0];
      if (flag === undefined) throw refusalError({ ok: false, error: 'flag_not_found', detail: `No flag ${flagKey} in this environment.` });
      void reply.status(200).header('content-type', JSON_TYPE).send(JSON.stringify(ofrepResult(flag, context.identifier !== undefined)));
    } catch (error) {
      sendError(reply, error, flagKey);
    }
  }

  @Post('flags')
  @ApiOperation({ summary: 'Every flag for a context (OFREP bulk evaluation) and the SSE stream announcing changes (`eventStreams`); `If-None-Match` with the last `ETag` is 304 while nothing changed' })
  @ApiHeader({ name: 'If-None-Match', required: false, description: 'the ETag of the last answer' })
  @ApiBody({ type: OfrepRequestDto })
  @ApiResponse({ status: 200, type: OfrepBulkDto, headers: { ETag: { description: 'digest of the answer', schema: { type: 'string' } } } })
  @ApiResponse({ status: 304, description: 'not modified since the ETag in If-None-Match' })
  @ApiResponse({ status: 400, description: 'PARSE_ERROR or INVALID_CONTEXT', type: OfrepErrorDto })
  @ApiResponse({ status: 401, description: 'no key, unknown or rotated key', type: OfrepErrorDto })
  @ApiResponse({ status: 413, description: 'payload_too_large', type: OfrepErrorDto })
  bulk(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @Body() body: unknown): void {
    try {
      const context = ofrepContextOf(body);
      const key = keyOf(request);
      const answer = this.evaluate(key, context);
      const identified = context.identifier !== undefined;
      const text = JSON.stringify({ flags: answer.flags.map((flag) => ofrepResult(flag, identified)), eventStreams: ofrepEventStreams(key) });
      const etag = bodyEtag(text);
      if (noneMatch(request.headers['if-none-match'], etag)) void reply.status(304).header('etag', etag).send();
      else void reply.status(200).header('etag', etag).header('content-type', JSON_TYPE).send(text);
    } catch (error) {
      sendError(reply, error);
    }
  }

  private evaluate(key: string, context: OfrepContext, flag?: string): Extract<flags.EvaluateResponse, { ok: true }> {
    const answer = this.live.evaluator.evaluate({ key, identifier: context.identifier, traits: context.traits, flag });
    if (answer.ok) return answer;
    if (answer.error === 'invalid_request') throw ofrepInvalid('INVALID_CONTEXT', answer.detail, contextPathOf(answer.attr ?? null));
    throw refusalError(answer);
  }
}

function keyOf(request: FastifyRequest): string {
  return ofrepKeyOf(request.headers.authorization, request.headers['x-api-key']);
}

/** The service names the request's fields (`identifier`, `traits.plan`); OFREP's caller sent `context.…`. */
function contextPathOf(attr: string | null): string | null {
  if (attr === 'identifier') return 'context.targetingKey';
  if (attr?.startsWith('traits.')) return `context.${attr.slice('traits.'.length)}`;
  return attr === 'traits' ? 'context' : attr;
}

function sendError(reply: FastifyReply, error: unknown, key?: string): void {
  if (!(error instanceof StrataError)) throw error;
  const body = error.toBody();
  const errorCode = (body.errorCode as OfrepErrorCode | undefined) ?? (error.status === 404 ? 'FLAG_NOT_FOUND' : error.status === 400 ? 'PARSE_ERROR' : 'GENERAL');
  const ofrep = key === undefined ? { errorCode, errorDetails: error.detail } : { key, errorCode, errorDetails: error.detail };
  void reply.status(error.status).header('content-type', JSON_TYPE).send(JSON.stringify({ ...body, ...ofrep }));
}
