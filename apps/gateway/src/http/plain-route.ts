import { Injectable, type Type } from '@nestjs/common';
import { HttpAdapterHost, ModuleRef } from '@nestjs/core';
import { RouteConfig } from '@nestjs/platform-fastify';
import type { FastifyInstance, FastifyReply, FastifyRequest, RouteOptions } from 'fastify';

/** A controller method fastify calls itself: `(request, reply)`, answering with `reply` or throwing. */
export type PlainHandler = (request: FastifyRequest, reply: FastifyReply) => void | Promise<void>;

interface PlainRouteConfig {
  plainRoute?: { controller: Type; method: string };
}

/**
 * A route of a Nest controller that fastify calls directly, outside Nest's guards, pipes and response handling — for
 * the SDK routes, whose per-request cost is the product (SPEC §8). Nest still registers and documents it (OpenAPI);
 * the method reads its own request and answers with `reply`. What it throws reaches fastify's error handler, which
 * Nest gives the global `HttpErrorFilter`: the same SPEC error body as any route. The fastify hooks (`onRequest`'s
 * refusals, the request context) run as for every route.
 */
export function PlainRoute(): MethodDecorator {
  return (target, method, descriptor) => {
    const config: PlainRouteConfig = { plainRoute: { controller: target.constructor as Type, method: String(method) } };
    RouteConfig(config)(target, method, descriptor);
  };
}

/** Swaps Nest's handler of each `@PlainRoute()` for the controller's method itself, as Nest registers the route. */
@Injectable()
export class PlainRoutes {
  constructor(adapterHost: HttpAdapterHost, moduleRef: ModuleRef) {
    // Constructed before Nest registers routes (`init`), so the hook sees every one of them.
    adapterHost.httpAdapter.getInstance<FastifyInstance>().addHook('onRoute', (route: RouteOptions) => {
      const plain = (route.config as PlainRouteConfig | undefined)?.plainRoute;
      if (plain === undefined) return;
      const controller = moduleRef.get<object>(plain.controller, { strict: false }) as Record<string, PlainHandler>;
      route.handler = controller[plain.method].bind(controller);
    });
  }
}
