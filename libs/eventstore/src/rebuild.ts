import type { Database, Transaction } from '@strata/database';
import { checkpointOf, START } from './checkpoint';
import { EVENT_COLUMNS, toRecordedEvent, type EventRow } from './rows';
import type { Checkpoint, InlineProjection } from './types';

export interface RebuildOptions {
  /** Events handed to `apply` at a time. */
  batchSize?: number;
}

/**
 * Empties a read model and replays the log into it in commit-safe order, in one transaction: readers see the old
 * rows until the new ones commit. The SHARE lock waits for in-flight appends and holds new ones off until the end,
 * so every event is applied exactly once — by the rebuild, never also by a concurrent append.
 */
export async function rebuildProjection(db: Database, projection: InlineProjection, options: RebuildOptions = {}): Promise<{ events: number }> {
  const batchSize = options.batchSize ?? 1_000;
  return db.transaction(async (tx) => {
    await tx.query('LOCK TABLE events IN SHARE MODE');
    await projection.reset(tx);
    let after: Checkpoint = START;
    let total = 0;
    for (;;) {
      const events = await readHandled(tx, projection.handles, after, batchSize);
      if (events.length === 0) return { events: total };
      await projection.apply(events, tx);
      total += events.length;
      after = checkpointOf(events[events.length - 1]);
    }
  });
}

/** No xmin bound here (unlike `readAll`): under the lock every visible row is committed and no other can appear. */
async function readHandled(tx: Transaction, types: readonly string[], after: Checkpoint, limit: number) {
  const rows = await tx.query<EventRow>(
    `SELECT ${EVENT_COLUMNS} FROM events
      WHERE (transaction_id, global_position) > ($1::xid8, $2::bigint) AND type = ANY($3::text[])
      ORDER BY transaction_id, global_position
      LIMIT $4`,
    [after.transactionId, after.globalPosition, types, limit],
  );
  return rows.map(toRecordedEvent);
}
