import { AuthenticationError, projects } from '@strata/contracts';
import type { ServiceClient } from '../service-client';
import { Authenticator } from './authenticator';
import { applyInvalidation, invalidationFor } from './cache-invalidation';
import { PrincipalCache } from './principal-cache';
import { hashApiKey } from '@strata/service-kit';

const principal = (userId: string, keyId: string): projects.Principal => ({
  userId,
  keyId,
  organizationLevels: { 'org-1': 1 },
  scopes: { organizations: null, environments: null },
});

function clock(start = 0) {
  let now = start;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

describe('the principal cache', () => {
  it('keeps a principal for its time to live, then asks again', () => {
    const time = clock();
    const cache = new PrincipalCache({ ttlMs: 1_000, maxEntries: 10, now: time.now });
    cache.store('hash-a', principal('u1', 'k1'), cache.begin());

    expect(cache.get('hash-a')?.keyId).toBe('k1');
    time.advance(1_000);
    expect(cache.get('hash-a')).toBeUndefined();
  });

  it('drops by key id, by secret hash, by user, or everything', () => {
    const cache = new PrincipalCache({ ttlMs: 60_000, maxEntries: 10 });
    for (const [hash, user, key] of [['h1', 'u1', 'k1'], ['h2', 'u1', 'k2'], ['h3', 'u2', 'k3'], ['h4', 'u3', 'k4']]) {
      cache.store(hash, principal(user, key), cache.begin());
    }

    cache.dropKey({ keyId: 'k3' });
    expect(cache.get('h3')).toBeUndefined();
    cache.dropKey({ keyId: 'unknown', secretHash: 'h4' });
    expect(cache.get('h4')).toBeUndefined();
    cache.dropUser('u1');
    expect([cache.get('h1'), cache.get('h2')]).toEqual([undefined, undefined]);
    cache.store('h5', principal('u5', 'k5'), cache.begin());
    cache.dropAll();
    expect(cache.size).toBe(0);
  });

  it('never stores an answer that was in flight while something was dropped', () => {
    const cache = new PrincipalCache({ ttlMs: 60_000, maxEntries: 10 });
    const epoch = cache.begin();
    cache.dropKey({ keyId: 'k1' });
    cache.store('h1', principal('u1', 'k1'), epoch);

    expect(cache.get('h1')).toBeUndefined();
  });

  it('evicts the oldest entry when full', () => {
    const cache = new PrincipalCache({ ttlMs: 60_000, maxEntries: 2 });
    cache.store('h1', principal('u1', 'k1'), cache.begin());
    cache.store('h2', principal('u2', 'k2'), cache.begin());
    cache.store('h3', principal('u3', 'k3'), cache.begin());

    expect([cache.get('h1'), cache.get('h2')?.keyId, cache.get('h3')?.keyId]).toEqual([undefined, 'k2', 'k3']);
  });
});

describe('cache invalidation by projects events', () => {
  it('drops a revoked key, a member whose level or grants changed, and everything when environments move or go', () => {
    const revoked: projects.ProjectsEvent = {
      type: 'PersonalApiKeyRevoked',
      data: { keyId: 'k1', userId: 'u1', secretHash: 'h1', revokedAt: '2026-01-01T00:00:00Z' },
    };
    const removed: projects.ProjectsEvent = { type: 'MemberRemoved', data: { organizationId: 'o', userId: 'u2', removedBy: 'u1' } };
    const deleted: projects.ProjectsEvent = {
      type: 'EnvironmentDeleted',
      data: { environmentId: 8, projectId: 7, apiToken: 'phc_x', deletedAt: '2026-01-01T00:00:00Z' },
    };
    const renamed: projects.ProjectsEvent = { type: 'ProjectRenamed', data: { projectId: 7, name: 'x' } };

    expect(invalidationFor(revoked)).toEqual({ drop: 'key', keyId: 'k1', secretHash: 'h1' });
    expect(invalidationFor(removed)).toEqual({ drop: 'user', userId: 'u2' });
    expect(invalidationFor(deleted)).toEqual({ drop: 'all' });
    expect(invalidationFor(renamed)).toBeUndefined();
  });

  it('applies a revoke received from another gateway by the key hash', () => {
    const cache = new PrincipalCache({ ttlMs: 60_000, maxEntries: 10 });
    cache.store('h1', principal('u1', 'k1'), cache.begin());
    applyInvalidation(cache, { drop: 'key', keyId: 'k1', secretHash: 'h1' });

    expect(cache.get('h1')).toBeUndefined();
  });
});

describe('the authenticator', () => {
  const key = `phx_${'a'.repeat(43)}`;

  function withService(answer: () => Promise<{ principal: projects.Principal }>) {
    const calls: unknown[] = [];
    const client = { call: (_subject: string, request: unknown) => (calls.push(request), answer()) } as unknown as ServiceClient;
    const cache = new PrincipalCache({ ttlMs: 60_000, maxEntries: 10 });
    return { calls, cache, authenticator: new Authenticator(cache, client) };
  }

  it('sends only the key hash, once while cached', async () => {
    const { calls, authenticator } = withService(async () => ({ principal: principal('u1', 'k1') }));

    await authenticator.authenticate(`Bearer ${key}`);
    await authenticator.authenticate(`bearer ${key}`);

    expect(calls).toEqual([{ secretHash: hashApiKey(key) }]);
  });

  it('refuses a missing or malformed key without asking the service', async () => {
    const { calls, authenticator } = withService(async () => ({ principal: principal('u1', 'k1') }));

    await expect(authenticator.authenticate(undefined)).rejects.toBeInstanceOf(AuthenticationError);
    await expect(authenticator.authenticate('Bearer phx_short')).rejects.toBeInstanceOf(AuthenticationError);
    await expect(authenticator.authenticate(`Basic ${key}`)).rejects.toBeInstanceOf(AuthenticationError);
    expect(calls).toEqual([]);
  });

  it('asks again after the key was dropped, and passes the service’s 401 on', async () => {
    let revoked = false;
    const { cache, authenticator } = withService(async () => {
      if (revoked) throw new AuthenticationError();
      return { principal: principal('u1', 'k1') };
    });
    await authenticator.authenticate(`Bearer ${key}`);
    revoked = true;
    cache.dropKey({ keyId: 'k1' });

    await expect(authenticator.authenticate(`Bearer ${key}`)).rejects.toBeInstanceOf(AuthenticationError);
  });
});

describe('concurrent first uses of a key', () => {
  it('ask the service once', async () => {
    let calls = 0;
    const client = { call: async () => (calls++, { principal: principal('u1', 'k1') }) } as unknown as ServiceClient;
    const authenticator = new Authenticator(new PrincipalCache({ ttlMs: 60_000, maxEntries: 10 }), client);
    const key = `Bearer phx_${'b'.repeat(43)}`;

    await Promise.all([authenticator.authenticate(key), authenticator.authenticate(key), authenticator.authenticate(key)]);

    expect(calls).toBe(1);
  });
});

describe('a key dropped while its lookup is in flight', () => {
  it('is asked about again by the next request', async () => {
    const answers: Array<(value: { principal: projects.Principal }) => void> = [];
    const client = { call: () => new Promise((resolve) => answers.push(resolve)) } as unknown as ServiceClient;
    const cache = new PrincipalCache({ ttlMs: 60_000, maxEntries: 10 });
    const authenticator = new Authenticator(cache, client);
    const key = `Bearer phx_${'c'.repeat(43)}`;

    const first = authenticator.authenticate(key);
    cache.dropKey({ keyId: 'k1' });
    const second = authenticator.authenticate(key);

    expect(answers).toHaveLength(2);
    answers.forEach((answer) => answer({ principal: principal('u1', 'k1') }));
    await Promise.all([first, second]);
    expect(cache.size).toBe(1);
  });
});
