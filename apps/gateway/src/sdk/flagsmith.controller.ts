import { Body, Get, HttpCode, Inject, Post, Query, Req, Res, UseGuards } from '@nestjs/common';
import { ApiBody, ApiHeader, ApiOperation, ApiQuery, ApiResponse } from '@nestjs/swagger';
import { AuthenticationError, PermissionDeniedError, type flags } from '@strata/contracts';
import { LiveFlagModel } from '@strata/flag-model';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { OpenApiController } from '../auth/request-context';
import { ApiCredential, ApiErrors, collection } from '../http/routes';
import { type FlagsmithFlag, type FlagsmithIdentity, flagsmithFlags, flagsmithIdentity, notModified, refusalError } from './sdk-answers';
import { FlagsmithFlagListDto, FlagsmithIdentityDto, FlagsmithIdentityRequestDto } from './sdk-bodies';
import { SdkKeyCatchUp } from './sdk-key-catch-up';
import { environmentKeyOf, identifierOf, identityBodyOf } from './sdk-requests';

/**
 * Flagsmith's remote-evaluation API (SPEC §4.5), so a Flagsmith SDK with `apiUrl` = `<strata>/api/v1/` works as is.
 * No personal API key: the environment key (`X-Environment-Key`, client `phc_…` or server `ser.…`) is the credential,
 * judged with the rest of the request by the flag model this process holds: no request leaves the gateway.
 */
@OpenApiController('sdk: Flagsmith', 'api/v1')
@ApiCredential('environment_key')
@UseGuards(SdkKeyCatchUp)
export class FlagsmithController {
  constructor(@Inject(LiveFlagModel) private readonly live: LiveFlagModel) {}

  @Get(collection('flags'))
  @ApiOperation({ summary: 'The environment’s flags, no identity (Flagsmith’s `GET /api/v1/flags/`)' })
  @ApiResponse({ status: 200, type: FlagsmithFlagListDto })
  @ApiErrors()
  environmentFlags(@Req() request: FastifyRequest): FlagsmithFlag[] {
    return flagsmithFlags(this.evaluate({ key: environmentKeyOf(request.headers['x-environment-key']) }));
  }

  @Get(collection('identities'))
  @ApiOperation({ summary: 'An identity’s flags, without traits (Flagsmith’s `GET /api/v1/identities/?identifier=`)' })
  @ApiQuery({ name: 'identifier', required: true, type: String })
  @ApiResponse({ status: 200, type: FlagsmithIdentityDto })
  @ApiErrors(400)
  identityFlags(@Req() request: FastifyRequest, @Query() query: unknown): FlagsmithIdentity {
    const key = environmentKeyOf(request.headers['x-environment-key']);
    const identifier = identifierOf(query);
    return flagsmithIdentity(identifier, this.evaluate({ key, identifier }));
  }

  @Post(collection('identities'))
  @HttpCode(200)
  @ApiOperation({ summary: 'An identity’s flags with traits taken from the request, not stored (Flagsmith’s `POST /api/v1/identities/`)' })
  @ApiBody({ type: FlagsmithIdentityRequestDto })
  @ApiResponse({ status: 200, type: FlagsmithIdentityDto })
  @ApiErrors(400, 413)
  identityFlagsWithTraits(@Req() request: FastifyRequest, @Body() body: unknown): FlagsmithIdentity {
    const key = environmentKeyOf(request.headers['x-environment-key']);
    const { identifier, traits } = identityBodyOf(body);
    return flagsmithIdentity(identifier, this.evaluate({ key, identifier, traits }));
  }

  @Get(collection('environment-document'))
  @ApiOperation({ summary: 'The environment document for local evaluation (a server key only; `If-None-Match`/`If-Modified-Since` → 304)' })
  @ApiHeader({ name: 'If-None-Match', required: false, description: 'the ETag of the last document' })
  @ApiResponse({ status: 200, description: 'Flagsmith’s environment document', headers: { ETag: { schema: { type: 'string' } }, 'Last-Modified': { schema: { type: 'string' } } } })
  @ApiResponse({ status: 304, description: 'not modified since the ETag in If-None-Match (or the date in If-Modified-Since)' })
  @ApiErrors(403)
  environmentDocument(@Req() request: FastifyRequest, @Res() reply: FastifyReply): void {
    const answer = this.live.evaluator.document(environmentKeyOf(request.headers['x-environment-key']));
    if (!answer.ok && answer.error === 'client_key') throw new PermissionDeniedError('The environment document is served to a server key (ser.…) only.');
    if (!answer.ok) throw new AuthenticationError('Unknown or revoked environment key.', 'invalid_environment_key');
    const { body, etag, lastModified } = answer.document;
    void reply.header('etag', etag).header('cache-control', 'no-cache');
    if (lastModified !== null) void reply.header('last-modified', lastModified.toUTCString());
    if (notModified(request.headers, etag, lastModified)) void reply.status(304).send();
    else void reply.status(200).header('content-type', 'application/json; charset=utf-8').send(body);
  }

  private evaluate(request: flags.EvaluateRequest): Extract<flags.EvaluateResponse, { ok: true }> {
    const answer = this.live.evaluator.evaluate(request);
    if (!answer.ok) throw refusalError(answer);
    return answer;
  }
}
