import { Injectable } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { applyInvalidation, type Invalidation } from '../auth/cache-invalidation';
import { PrincipalCache } from '../auth/principal-cache';
import { ServiceClient } from '../service-client';
import type { Route } from './route';

/** What every row needs at run time: the service client and the principal cache its change may make stale. */
@Injectable()
export class RouteRunner {
  private readonly dropCached: (invalidation: Invalidation) => void;

  constructor(
    private readonly client: ServiceClient,
    cache: PrincipalCache,
  ) {
    this.dropCached = (invalidation) => applyInvalidation(cache, invalidation);
  }

  run(row: Route, request: FastifyRequest, reply: FastifyReply): Promise<unknown> {
    return row.execute({ request, reply, client: this.client, dropCached: this.dropCached });
  }
}
