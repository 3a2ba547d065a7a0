import { Inject, Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { type EventEnvelope, eventSubject, type projects } from '@strata/contracts';
import { type BaseConfig, NATS_CONNECTION, SERVICE_CONFIG } from '@strata/service-kit';
import type { NatsConnection, Subscription } from 'nats';
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
 * Listens to the projects events with a plain core-NATS subscription (no durable consumer: a gateway that starts
 * later starts with an empty cache, so it has nothing to catch up on). This is how a revoke relayed by *another*
 * gateway reaches this one's cache; the gateway that relays a change also drops the entries itself, at once.
 */
@Injectable()
export class CacheInvalidation implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('CacheInvalidation');
  private readonly subscriptions: Subscription[] = [];

  constructor(
    private readonly cache: PrincipalCache,
    @Inject(NATS_CONNECTION) private readonly nats: NatsConnection,
    @Inject(SERVICE_CONFIG) private readonly config: BaseConfig,
  ) {}

  onModuleInit(): void {
    for (const type of INVALIDATING_EVENTS) {
      const subject = eventSubject('projects', type, this.config.NATS_PREFIX);
      this.subscriptions.push(this.nats.subscribe(subject, { callback: (error, msg) => error || this.receive(msg.data) }));
    }
  }

  onModuleDestroy(): void {
    for (const subscription of this.subscriptions) subscription.unsubscribe();
  }

  private receive(data: Uint8Array): void {
    try {
      const envelope = JSON.parse(Buffer.from(data).toString('utf8')) as EventEnvelope<projects.ProjectsEventType>;
      const invalidation = invalidationFor({ type: envelope.type, data: envelope.data } as projects.ProjectsEvent);
      if (invalidation) applyInvalidation(this.cache, invalidation);
    } catch (error) {
      // An unreadable event cannot tell us what to drop: drop everything rather than keep a stale principal.
      this.cache.dropAll();
      this.logger.warn(`unreadable projects event: ${(error as Error).message}`);
    }
  }
}
