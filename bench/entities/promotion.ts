import { entities } from '@strata/contracts';
import type { Database } from '@strata/database';
import type { RpcClient } from '@strata/messaging';
import { seedTree } from './seed';

export interface PromotionRun {
  /** `make_project_wide` of the tree's root, over NATS to the entities service: the whole decision and append. */
  promotionMs: number;
  /** One set-based UPDATE of the same rows in the read model, rolled back (the tree is promoted afterwards). */
  updateMs: number;
  promoted: number;
}

/** Builds a fresh 200-entity tree, times the UPDATE baseline on its rows, then its promotion. */
export async function measurePromotion(rpc: RpcClient, db: Database, scope: entities.EnvironmentScope): Promise<PromotionRun> {
  const tree = await seedTree(rpc, scope);
  const updateMs = await setBasedUpdate(db, tree.ids);
  const started = performance.now();
  const answer = await rpc.request<entities.MakeProjectWideResponse>(entities.EntitiesSubjects.makeProjectWide, { in: scope, kind: 'dashboard', id: tree.root, dryRun: false });
  const promotionMs = performance.now() - started;
  if (answer.promoted.length !== tree.ids.length) throw new Error(`promoted ${answer.promoted.length} of ${tree.ids.length}`);
  return { promotionMs, updateMs, promoted: answer.promoted.length };
}

/** The UPDATE alone, timed inside a transaction that is then rolled back by throwing out of it. */
async function setBasedUpdate(db: Database, ids: string[]): Promise<number> {
  return db.transaction(async (tx) => {
    const started = performance.now();
    const rows = await tx.query('UPDATE entities SET environment_id = NULL, updated_at = now() WHERE id = ANY($1::uuid[]) RETURNING id', [ids]);
    const ms = performance.now() - started;
    if (rows.length !== ids.length) throw new Error(`updated ${rows.length} of ${ids.length}`);
    throw new RolledBack(ms);
  }).catch((error: unknown) => {
    if (error instanceof RolledBack) return error.ms;
    throw error;
  });
}

class RolledBack extends Error {
  constructor(readonly ms: number) {
    super('rolled back on purpose');
  }
}
