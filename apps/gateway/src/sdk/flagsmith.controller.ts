import { Body, Get, HttpCode, Post, Query, Req } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiQuery, ApiResponse, ApiSecurity } from '@nestjs/swagger';
import { flags } from '@strata/contracts';
import type { FastifyRequest } from 'fastify';
import { OpenApiController } from '../auth/request-context';
import { ApiErrors, collection } from '../http/routes';
import { ServiceClient } from '../service-client';
import { type FlagsmithFlag, type FlagsmithIdentity, flagsmithFlags, flagsmithIdentity, refusalError } from './sdk-answers';
import { FlagsmithFlagListDto, FlagsmithIdentityDto, FlagsmithIdentityRequestDto } from './sdk-bodies';
import { environmentKeyOf, identifierOf, identityBodyOf } from './sdk-requests';

/**
 * Flagsmith's remote-evaluation API (SPEC §4.5), so a Flagsmith SDK with `apiUrl` = `<strata>/api/v1/` works as is.
 * No personal API key: the environment key (`X-Environment-Key`, client `phc_…` or server `ser.…`) is the credential,
 * judged by the flag-evaluation service with the rest of the request.
 */
@OpenApiController('sdk: Flagsmith', 'api/v1')
@ApiSecurity('environment_key')
export class FlagsmithController {
  constructor(private readonly client: ServiceClient) {}

  @Get(collection('flags'))
  @ApiOperation({ summary: 'The environment’s flags, no identity (Flagsmith’s `GET /api/v1/flags/`)' })
  @ApiResponse({ status: 200, type: FlagsmithFlagListDto })
  @ApiErrors()
  async environmentFlags(@Req() request: FastifyRequest): Promise<FlagsmithFlag[]> {
    return flagsmithFlags(await this.evaluate({ key: environmentKeyOf(request.headers['x-environment-key']) }));
  }

  @Get(collection('identities'))
  @ApiOperation({ summary: 'An identity’s flags, without traits (Flagsmith’s `GET /api/v1/identities/?identifier=`)' })
  @ApiQuery({ name: 'identifier', required: true, type: String })
  @ApiResponse({ status: 200, type: FlagsmithIdentityDto })
  @ApiErrors(400)
  async identityFlags(@Req() request: FastifyRequest, @Query() query: unknown): Promise<FlagsmithIdentity> {
    const key = environmentKeyOf(request.headers['x-environment-key']);
    const identifier = identifierOf(query);
    return flagsmithIdentity(identifier, await this.evaluate({ key, identifier }));
  }

  @Post(collection('identities'))
  @HttpCode(200)
  @ApiOperation({ summary: 'An identity’s flags with traits taken from the request, not stored (Flagsmith’s `POST /api/v1/identities/`)' })
  @ApiBody({ type: FlagsmithIdentityRequestDto })
  @ApiResponse({ status: 200, type: FlagsmithIdentityDto })
  @ApiErrors(400, 413)
  async identityFlagsWithTraits(@Req() request: FastifyRequest, @Body() body: unknown): Promise<FlagsmithIdentity> {
    const key = environmentKeyOf(request.headers['x-environment-key']);
    const { identifier, traits } = identityBodyOf(body);
    return flagsmithIdentity(identifier, await this.evaluate({ key, identifier, traits }));
  }

  private async evaluate(request: flags.EvaluateRequest): Promise<Extract<flags.EvaluateResponse, { ok: true }>> {
    const answer = await this.client.read(flags.FlagsSubjects.evaluate, request);
    if (!answer.ok) throw refusalError(answer);
    return answer;
  }
}
