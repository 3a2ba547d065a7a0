import { Inject, Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import type { projects } from '@strata/contracts';
import { ensureEventStream, follow, type StreamFollower } from '@strata/messaging';
import { type BaseConfig, NATS_CONNECTION, SERVICE_CONFIG } from '@strata/service-kit';
import type { NatsConnection } from 'nats';
import { PrincipalCache } from './principal-cache';

export type Invalidation = { drop: 'key'; keyId: string; secretHash: string } | { drop: 'user'; userId: string } | { drop: 'all' };

/**
 * The projects events that change what a cached principal says or may see: a revoked key, a user's levels, grants,
 * and anything that moves or removes environments a key may be scoped to (rare enough to drop everything).
 */
export const INVALIDATING_EVENTS = [
  'PersonalApiKeyRevoked',
  'MemberAdded',
  'MemberLevelChanged',
  'MemberRemoved',
  'EnvironmentAccessGranted',
  'EnvironmentAccessRevoked',
  'EnvironmentAccessControlToggled',
  'EnvironmentDeleted',
  'EnvironmentMovedIn',
  'EnvironmentMovedOut',
  'ProjectDeletionRequested',
  'ProjectDeleted',
] as const satisfies readonly projects.ProjectsEventType[];

export function invalidationFor(event: projects.ProjectsEvent): Invalidation | undefined {
  switch (event.type) {
    case 'PersonalApiKeyRevoked':
      return { drop: 'key', keyId: event.data.keyId, secretHash: event.data.secretHash };
    case 'MemberAdded':
    case 'MemberLevelChanged':
    case 'MemberRemoved':
    case 'EnvironmentAccessGranted':
    case 'EnvironmentAccessRevoked':
      return { drop: 'user', userId: event.data.userId };
    case 'EnvironmentAccessControlToggled':
    case 'EnvironmentDeleted':
    case 'EnvironmentMovedIn':
    case 'EnvironmentMovedOut':
    case 'ProjectDeletionRequested':
    case 'ProjectDeleted':
      return { drop: 'all' };
    default:
      return undefined;
  }
}

export function applyInvalidation(cache: PrincipalCache, invalidation: Invalidation): void {
  switch (invalidation.drop) {
    case 'key':
      return cache.dropKey(invalidation);
    case 'user':
      return cache.dropUser(invalidation.userId);
    case 'all':
      return cache.dropAll();
    default: {
      const _exhaustive: never = invalidation;
      return _exhaustive;
    }
  }
}

/**
 * Follows the invalidating projects events from the moment it starts (no backlog: a gateway that starts later starts
 * with an empty cache, so it has nothing to catch up on). This is how a revoke relayed by *another* gateway reaches
 * this one's cache; the gateway that relays a change also drops the entries itself, at once.
 */
export async function followInvalidations(nc: NatsConnection, prefix: string, cache: PrincipalCache, logger = new Logger('CacheInvalidation')): Promise<StreamFollower> {
  // The gateway may start before the projects service: the stream is created as projects would create it.
  await ensureEventStream(await nc.jetstreamManager(), 'projects', prefix);
  const follower = follow({
    nc,
    prefix,
    from: 'projects',
    events: INVALIDATING_EVENTS,
    deliver: 'new',
    handle: (event) => {
      const invalidation = invalidationFor(event);
      if (invalidation) applyInvalidation(cache, invalidation);
    },
    onSkipped: (reason) => {
      // An unreadable event cannot tell us what to drop: drop everything rather than keep a stale principal.
      cache.dropAll();
      logger.warn(`unreadable projects event: ${reason}`);
    },
  });
  await follower.start();
  return follower;
}

@Injectable()
export class CacheInvalidation implements OnModuleInit, OnModuleDestroy {
  private follower?: StreamFollower;

  constructor(
    private readonly cache: PrincipalCache,
    @Inject(NATS_CONNECTION) private readonly nats: NatsConnection,
    @Inject(SERVICE_CONFIG) private readonly config: BaseConfig,
  ) {}

  async onModuleInit(): Promise<void> {
    this.follower = await followInvalidations(this.nats, this.config.NATS_PREFIX, this.cache);
  }

  async onModuleDestroy(): Promise<void> {
    await this.follower?.stop();
  }
}
