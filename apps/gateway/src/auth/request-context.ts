import {
  applyDecorators,
  type CanActivate,
  Controller,
  createParamDecorator,
  type ExecutionContext,
  Injectable,
  type OnModuleInit,
  SetMetadata,
  UseGuards,
} from '@nestjs/common';
import { HttpAdapterHost, Reflector } from '@nestjs/core';
import { ApiTags } from '@nestjs/swagger';
import { Headers, type MessageContext, projects } from '@strata/contracts';
import { newContext, runInContext } from '@strata/messaging';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ApiCredential, PERSONAL_API_KEY } from '../http/routes';
import { Authenticator } from './authenticator';

const OPEN = 'strata:open-endpoint';
const CORRELATION_ID = /^[A-Za-z0-9._:-]{1,128}$/;
const principals = new WeakMap<FastifyRequest, projects.Principal>();
const contexts = new WeakMap<FastifyRequest, MessageContext>();

/**
 * Opens each request's messaging context — its correlation id (the client's `x-correlation-id`, or a new one) — around
 * the route handler, so every NATS request the handler makes carries it. A fastify hook rather than a Nest
 * interceptor: with any interceptor on a route, Nest wraps the handler in RxJS `defer`s and `AsyncResource.bind`s
 * (on Node 20, two `deprecate()` wrappers per bind), which was a tenth of the gateway's CPU per request.
 */
@Injectable()
export class RequestContextHook implements OnModuleInit {
  constructor(private readonly adapterHost: HttpAdapterHost) {}

  onModuleInit(): void {
    // fastify settles every route's hooks when it gets ready, so routes Nest registered already get this one too.
    const fastify = this.adapterHost.httpAdapter.getInstance<FastifyInstance>();
    fastify.addHook('preHandler', (request, _reply, done) => {
      const context = newContext('anonymous', correlationIdOf(request));
      contexts.set(request, context);
      // The handler runs synchronously inside `done`, so everything it awaits inherits the context.
      runInContext(context, done);
    });
  }
}

/**
 * Echoes the correlation id and, unless the route is `@OpenEndpoint()`, authenticates the key and makes the
 * context's actor `user:<id>`, so the handler's NATS requests carry both. Every route of an `ApiController` runs it.
 */
@Injectable()
export class RequestContextGuard implements CanActivate {
  constructor(
    private readonly authenticator: Authenticator,
    private readonly reflector: Reflector,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const requestContext = echoCorrelationId(request, context.switchToHttp().getResponse<FastifyReply>());
    if (this.reflector.getAllAndOverride<boolean>(OPEN, [context.getHandler(), context.getClass()]) === true) return true;
    // Asked as `anonymous`: the key is not known yet.
    const principal = await this.authenticator.authenticate(request.headers.authorization);
    principals.set(request, principal);
    // The context object is this request's own: from here on, what the handler sends names the user.
    requestContext.actor = projects.actorOf(principal);
    return true;
  }
}

/** Answers with the request's correlation id, as every route does; its context, for the route to name the caller. */
export function echoCorrelationId(request: FastifyRequest, reply: FastifyReply): MessageContext {
  const requestContext = contexts.get(request);
  if (!requestContext) throw new Error('RequestContextHook is not installed');
  void reply.header(Headers.correlationId, requestContext.correlationId);
  return requestContext;
}

function correlationIdOf(request: FastifyRequest): string {
  const given = request.headers[Headers.correlationId];
  return typeof given === 'string' && CORRELATION_ID.test(given) ? given : newContext().correlationId;
}

/** The principal of the authenticated key; only inside an `ApiController` route that is not open. */
export const Caller = createParamDecorator((_data: unknown, context: ExecutionContext): projects.Principal =>
  callerOf(context.switchToHttp().getRequest<FastifyRequest>()),
);

export function callerOf(request: FastifyRequest): projects.Principal {
  const principal = principals.get(request);
  if (!principal) throw new Error('Caller used on a route without authentication');
  return principal;
}

/** A controller of the HTTP API: its routes need a personal API key and run in the request's context. */
export function ApiController(tag: string, ...paths: string[]): ClassDecorator {
  return applyDecorators(Controller(paths), UseGuards(RequestContextGuard), ApiTags(tag), ApiCredential(PERSONAL_API_KEY));
}

/** The one kind of route anybody may call (signup). */
export function OpenEndpoint(): MethodDecorator & ClassDecorator {
  return SetMetadata(OPEN, true);
}

/** A controller of the HTTP API whose routes need no personal API key (their credentials are in the body): documented so. */
export function OpenApiController(tag: string, ...paths: string[]): ClassDecorator {
  return applyDecorators(Controller(paths), UseGuards(RequestContextGuard), ApiTags(tag), OpenEndpoint());
}
