import { Injectable } from '@nestjs/common';
import { AuthenticationError, projects } from '@strata/contracts';
import { ServiceClient } from '../service-client';
import { PrincipalCache } from './principal-cache';
import { hashApiKey } from '@strata/service-kit';

const BEARER = /^Bearer\s+(\S+)\s*$/i;

/**
 * `Authorization: Bearer phx_…` → the principal the projects service resolves for the key's hash. The key itself
 * never leaves this function: not to NATS, not to a log, not into the cache (keyed by hash).
 */
@Injectable()
export class Authenticator {
  /**
   * One lookup per key hash at a time: a burst of requests with a cold key asks the service once. A request joins a
   * lookup only if nothing was dropped since it started, so a revoke is never answered by a lookup older than it.
   */
  private readonly inFlight = new Map<string, { epoch: number; principal: Promise<projects.Principal> }>();

  constructor(
    private readonly cache: PrincipalCache,
    private readonly client: ServiceClient,
  ) {}

  async authenticate(authorization: string | undefined): Promise<projects.Principal> {
    const secret = BEARER.exec(authorization ?? '')?.[1];
    if (secret === undefined) throw new AuthenticationError('Authentication credentials were not provided.');
    // A string that cannot be a key is refused without asking anyone.
    if (!projects.isPersonalApiKey(secret)) throw invalidKey();
    const secretHash = hashApiKey(secret);
    const cached = this.cache.get(secretHash);
    if (cached) return cached;
    const epoch = this.cache.begin();
    const pending = this.inFlight.get(secretHash);
    if (pending?.epoch === epoch) return pending.principal;
    const lookup = { epoch, principal: this.lookup(secretHash, epoch) };
    this.inFlight.set(secretHash, lookup);
    void lookup.principal.finally(() => this.inFlight.get(secretHash) === lookup && this.inFlight.delete(secretHash)).catch(() => undefined);
    return lookup.principal;
  }

  private async lookup(secretHash: string, epoch: number): Promise<projects.Principal> {
    const { principal } = await this.client.call(projects.ProjectsSubjects.authenticate, { secretHash });
    this.cache.store(secretHash, principal, epoch);
    return principal;
  }
}

function invalidKey(): AuthenticationError {
  return new AuthenticationError('Invalid personal API key.', 'authentication_failed');
}
