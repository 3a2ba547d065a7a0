import { Get, HttpCode, Inject, Post } from '@nestjs/common';
import { ApiBody, ApiHeader, ApiOperation, ApiQuery, ApiResponse } from '@nestjs/swagger';
import { AuthenticationError, PermissionDeniedError, type flags } from '@strata/contracts';
import { type KeyHolder, LiveFlagModel } from '@strata/flag-model';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { echoCorrelationId, OpenApiController } from '../auth/request-context';
import { PlainRoute } from '../http/plain-route';
import { ApiCredential, ApiErrors, collection } from '../http/routes';
import { FlagsmithJson, notModified, refusalError } from './sdk-answers';
import { FlagsmithFlagListDto, FlagsmithIdentityDto, FlagsmithIdentityRequestDto } from './sdk-bodies';
import { SdkKeyCatchUp } from './sdk-key-catch-up';
import { environmentKeyOf, identifierOf, identityBodyOf } from './sdk-requests';

const JSON_TYPE = 'application/json; charset=utf-8';

/**
 * Flagsmith's remote-evaluation API (SPEC §4.5), so a Flagsmith SDK with `apiUrl` = `<strata>/api/v1/` works as is.
 * No personal API key: the environment key (`X-Environment-Key`, client `phc_…` or server `ser.…`) is the credential,
 * judged with the rest of the request by the flag model this process holds: no request leaves the gateway. Each route
 * is a `@PlainRoute()` (fastify calls it, not Nest's pipeline: SPEC §8's per-request targets), and writes its JSON
 * from what the environment's answers share (`FlagsmithJson`, the identity-less answer's bytes), kept per environment.
 * A key the model does not know yet is looked up once (`SdkKeyCatchUp`) before it is refused.
 */
@OpenApiController('sdk: Flagsmith', 'api/v1')
@ApiCredential('environment_key')
export class FlagsmithController {
  constructor(
    @Inject(LiveFlagModel) private readonly live: LiveFlagModel,
    private readonly catchUp: SdkKeyCatchUp,
  ) {}

  @Get(collection('flags'))
  @PlainRoute()
  @ApiOperation({ summary: 'The environment’s flags, no identity (Flagsmith’s `GET /api/v1/flags/`)' })
  @ApiResponse({ status: 200, type: FlagsmithFlagListDto })
  @ApiErrors()
  environmentFlags(request: FastifyRequest, reply: FastifyReply): void | Promise<void> {
    return this.withKey(request, reply, (key, found) => {
      const flagsJson = () => {
        const answer = this.evaluate({ key });
        return this.json(answer).flags(answer);
      };
      // No identity: the answer depends on the environment and the kind of key only, so its bytes are kept.
      this.send(reply, found === undefined ? flagsJson() : this.live.evaluator.derived(found.environment.id, `flagsmith flags, server key: ${found.serverKey}`, flagsJson));
    });
  }

  @Get(collection('identities'))
  @PlainRoute()
  @ApiOperation({ summary: 'An identity’s flags, without traits (Flagsmith’s `GET /api/v1/identities/?identifier=`)' })
  @ApiQuery({ name: 'identifier', required: true, type: String })
  @ApiResponse({ status: 200, type: FlagsmithIdentityDto })
  @ApiErrors(400)
  identityFlags(request: FastifyRequest, reply: FastifyReply): void | Promise<void> {
    return this.withKey(request, reply, (key) => {
      const identifier = identifierOf(request.query);
      const answer = this.evaluate({ key, identifier });
      this.send(reply, this.json(answer).identity(identifier, answer));
    });
  }

  @Post(collection('identities'))
  @PlainRoute()
  @HttpCode(200)
  @ApiOperation({ summary: 'An identity’s flags with traits taken from the request, not stored (Flagsmith’s `POST /api/v1/identities/`)' })
  @ApiBody({ type: FlagsmithIdentityRequestDto })
  @ApiResponse({ status: 200, type: FlagsmithIdentityDto })
  @ApiErrors(400, 413)
  identityFlagsWithTraits(request: FastifyRequest, reply: FastifyReply): void | Promise<void> {
    return this.withKey(request, reply, (key) => {
      const { identifier, traits } = identityBodyOf(request.body);
      const answer = this.evaluate({ key, identifier, traits });
      this.send(reply, this.json(answer).identity(identifier, answer));
    });
  }

  @Get(collection('environment-document'))
  @PlainRoute()
  @ApiOperation({ summary: 'The environment document for local evaluation (a server key only; `If-None-Match`/`If-Modified-Since` → 304)' })
  @ApiHeader({ name: 'If-None-Match', required: false, description: 'the ETag of the last document' })
  @ApiResponse({ status: 200, description: 'Flagsmith’s environment document', headers: { ETag: { schema: { type: 'string' } }, 'Last-Modified': { schema: { type: 'string' } } } })
  @ApiResponse({ status: 304, description: 'not modified since the ETag in If-None-Match (or the date in If-Modified-Since)' })
  @ApiErrors(403)
  environmentDocument(request: FastifyRequest, reply: FastifyReply): void | Promise<void> {
    return this.withKey(request, reply, (_key, found) => {
      const answer = this.live.evaluator.document(found);
      if (!answer.ok && answer.error === 'client_key') throw new PermissionDeniedError('The environment document is served to a server key (ser.…) only.');
      if (!answer.ok) throw new AuthenticationError('Unknown or revoked environment key.', 'invalid_environment_key');
      const { body, etag, lastModified } = answer.document;
      void reply.header('etag', etag).header('cache-control', 'no-cache');
      if (lastModified !== null) void reply.header('last-modified', lastModified.toUTCString());
      if (notModified(request.headers, etag, lastModified)) void reply.status(304).send();
      else void reply.status(200).header('content-type', JSON_TYPE).send(body);
    });
  }

  /**
   * Answers with the request's `X-Environment-Key` — at once when the model knows it, else once projects has said
   * whether it exists and the model has caught up (`SdkKeyCatchUp`). Every answer names the request's correlation id.
   */
  private withKey(request: FastifyRequest, reply: FastifyReply, answer: (key: string, found: KeyHolder | undefined) => void): void | Promise<void> {
    echoCorrelationId(request, reply);
    const key = environmentKeyOf(request.headers['x-environment-key']);
    const found = this.live.evaluator.environmentOf(key);
    if (found !== undefined) return answer(key, found);
    return this.catchUp.known(key).then(() => answer(key, this.live.evaluator.environmentOf(key)));
  }

  private evaluate(request: flags.EvaluateRequest): Extract<flags.EvaluateResponse, { ok: true }> {
    const answer = this.live.evaluator.evaluate(request);
    if (!answer.ok) throw refusalError(answer);
    return answer;
  }

  private json(answer: Extract<flags.EvaluateResponse, { ok: true }>): FlagsmithJson {
    const environment = answer.environment.id;
    return this.live.evaluator.derived(environment, 'flagsmith json', () => new FlagsmithJson(environment));
  }

  private send(reply: FastifyReply, json: Buffer): void {
    void reply.status(200).header('content-type', JSON_TYPE).send(json);
  }
}
