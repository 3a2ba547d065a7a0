import type { projects } from '@strata/contracts';

export interface PrincipalCacheOptions {
  ttlMs: number;
  maxEntries: number;
  now?: () => number;
}

interface Entry {
  principal: projects.Principal;
  expiresAt: number;
}

/**
 * Who a personal API key is, by the key's hash, for a short time: spares the hot path a NATS round trip per
 * request. Entries are dropped by key, by user or all at once when something they depend on changes.
 *
 * A lookup that was in flight while an invalidation happened may carry the old answer: `begin()` hands out the
 * current epoch and `store()` refuses an answer from an older one, so a revoked key can never be put back.
 */
export class PrincipalCache {
  private readonly entries = new Map<string, Entry>();
  private readonly hashByKeyId = new Map<string, string>();
  private readonly hashesByUser = new Map<string, Set<string>>();
  private epoch = 0;
  private readonly now: () => number;

  constructor(private readonly options: PrincipalCacheOptions) {
    this.now = options.now ?? Date.now;
  }

  get size(): number {
    return this.entries.size;
  }

  get(secretHash: string): projects.Principal | undefined {
    const entry = this.entries.get(secretHash);
    if (!entry) return undefined;
    if (entry.expiresAt > this.now()) return entry.principal;
    this.remove(secretHash);
    return undefined;
  }

  /** The epoch to hand back to `store()` once the lookup answered. */
  begin(): number {
    return this.epoch;
  }

  store(secretHash: string, principal: projects.Principal, epoch: number): void {
    if (epoch !== this.epoch || this.options.ttlMs <= 0) return;
    this.remove(secretHash);
    if (this.entries.size >= this.options.maxEntries) this.evictOldest();
    this.entries.set(secretHash, { principal, expiresAt: this.now() + this.options.ttlMs });
    this.hashByKeyId.set(principal.keyId, secretHash);
    const hashes = this.hashesByUser.get(principal.userId) ?? new Set<string>();
    this.hashesByUser.set(principal.userId, hashes.add(secretHash));
  }

  dropKey(key: { keyId?: string; secretHash?: string }): void {
    this.epoch++;
    const hash = key.secretHash ?? (key.keyId === undefined ? undefined : this.hashByKeyId.get(key.keyId));
    if (hash !== undefined) this.remove(hash);
  }

  dropUser(userId: string): void {
    this.epoch++;
    for (const hash of [...(this.hashesByUser.get(userId) ?? [])]) this.remove(hash);
  }

  dropAll(): void {
    this.epoch++;
    this.entries.clear();
    this.hashByKeyId.clear();
    this.hashesByUser.clear();
  }

  private evictOldest(): void {
    const oldest = this.entries.keys().next();
    if (!oldest.done) this.remove(oldest.value);
  }

  private remove(secretHash: string): void {
    const entry = this.entries.get(secretHash);
    if (!entry) return;
    this.entries.delete(secretHash);
    this.hashByKeyId.delete(entry.principal.keyId);
    const hashes = this.hashesByUser.get(entry.principal.userId);
    hashes?.delete(secretHash);
    if (hashes?.size === 0) this.hashesByUser.delete(entry.principal.userId);
  }
}
