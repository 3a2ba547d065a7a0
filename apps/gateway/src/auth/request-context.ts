import {
  applyDecorators,
  type CallHandler,
  Controller,
  createParamDecorator,
  type ExecutionContext,
  Injectable,
  type NestInterceptor,
  SetMetadata,
  UseInterceptors,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Headers, projects } from '@strata/contracts';
import { newContext, runInContext } from '@strata/messaging';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Observable } from 'rxjs';
import { Authenticator } from './authenticator';

const OPEN = 'strata:open-endpoint';
const CORRELATION_ID = /^[A-Za-z0-9._:-]{1,128}$/;
const principals = new WeakMap<FastifyRequest, projects.Principal>();

/**
 * Opens the request's messaging context — its correlation id (the client's `x-correlation-id`, or a new one) and,
 * once the key is authenticated, the actor `user:<id>` — so every NATS request it makes carries both. Every route
 * of an `ApiController` needs a key unless marked `@OpenEndpoint()`.
 */
@Injectable()
export class RequestContextInterceptor implements NestInterceptor {
  constructor(
    private readonly authenticator: Authenticator,
    private readonly reflector: Reflector,
  ) {}

  async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const correlationId = correlationIdOf(request);
    void context.switchToHttp().getResponse<FastifyReply>().header(Headers.correlationId, correlationId);
    const open = this.reflector.getAllAndOverride<boolean>(OPEN, [context.getHandler(), context.getClass()]) === true;
    let actor = 'anonymous';
    if (!open) {
      const header = request.headers.authorization;
      const principal = await runInContext(newContext(actor, correlationId), () => this.authenticator.authenticate(header));
      principals.set(request, principal);
      actor = projects.actorOf(principal);
    }
    const requestContext = newContext(actor, correlationId);
    return new Observable((subscriber) => runInContext(requestContext, () => next.handle().subscribe(subscriber)));
  }
}

function correlationIdOf(request: FastifyRequest): string {
  const given = request.headers[Headers.correlationId];
  return typeof given === 'string' && CORRELATION_ID.test(given) ? given : newContext().correlationId;
}

/** The principal of the authenticated key; only inside an `ApiController` route that is not open. */
export const Caller = createParamDecorator((_data: unknown, context: ExecutionContext): projects.Principal => {
  const principal = principals.get(context.switchToHttp().getRequest<FastifyRequest>());
  if (!principal) throw new Error('Caller used on a route without authentication');
  return principal;
});

/** A controller of the HTTP API: its routes need a personal API key and run in the request's context. */
export function ApiController(tag: string, ...paths: string[]): ClassDecorator {
  return applyDecorators(Controller(paths), UseInterceptors(RequestContextInterceptor), ApiTags(tag), ApiBearerAuth());
}

/** The one kind of route anybody may call (signup). */
export function OpenEndpoint(): MethodDecorator & ClassDecorator {
  return SetMetadata(OPEN, true);
}
