import type { Queryable } from '@strata/database';
import type { Checkpoint } from '../types';

/** The relay's stored position, created at `START` on first use. */
export async function loadCheckpoint(db: Queryable, name: string): Promise<Checkpoint> {
  await db.query('INSERT INTO outbox_checkpoints (name) VALUES ($1) ON CONFLICT (name) DO NOTHING', [name]);
  const [row] = await db.query<{ transaction_id: string; global_position: string }>(
    'SELECT transaction_id::text AS transaction_id, global_position FROM outbox_checkpoints WHERE name = $1',
    [name],
  );
  return { transactionId: row.transaction_id, globalPosition: Number(row.global_position) };
}

/** Only ever forward: a relay that lost leadership mid-batch cannot move the checkpoint back. */
export async function saveCheckpoint(db: Queryable, name: string, checkpoint: Checkpoint): Promise<void> {
  await db.query(
    `UPDATE outbox_checkpoints SET transaction_id = $2::xid8, global_position = $3, updated_at = now()
      WHERE name = $1 AND (transaction_id, global_position) < ($2::xid8, $3::bigint)`,
    [name, checkpoint.transactionId, checkpoint.globalPosition],
  );
}

/**
 * Sets the checkpoint wherever JetStream's copy of the log ends, back or forth. Only the leader calls it, on its
 * lock-holding session (`realign`), and an operator's republish from a position.
 */
export async function moveCheckpoint(db: Queryable, name: string, checkpoint: Checkpoint): Promise<void> {
  await db.query('UPDATE outbox_checkpoints SET transaction_id = $2::xid8, global_position = $3, updated_at = now() WHERE name = $1', [
    name,
    checkpoint.transactionId,
    checkpoint.globalPosition,
  ]);
}

/** The checkpoint row of the service's JetStream relay (`OutboxRelay`'s default name). */
export const RELAY_CHECKPOINT = 'jetstream';

/**
 * The checkpoint from which the relay publishes every event at or after global position `position`: just before the
 * first of them in commit order. Events of later transactions with lower positions come again too (JetStream and the
 * consumers drop them as duplicates); null when no event is at or after `position`.
 */
export async function checkpointBefore(db: Queryable, position: number): Promise<Checkpoint | null> {
  const [row] = await db.query<{ transaction_id: string; global_position: string }>(
    `SELECT transaction_id::text AS transaction_id, global_position FROM events
      WHERE global_position >= $1 ORDER BY transaction_id, global_position LIMIT 1`,
    [position],
  );
  return row ? { transactionId: row.transaction_id, globalPosition: Number(row.global_position) - 1 } : null;
}

/** What the relay has yet to publish after `checkpoint`: how many events, and when the oldest was stored. */
export async function unpublished(db: Queryable, checkpoint: Checkpoint): Promise<{ count: number; oldestAt: Date | null }> {
  const [row] = await db.query<{ count: string; oldest: Date | null }>(
    `SELECT count(*) AS count, min(created_at) AS oldest FROM events
      WHERE (transaction_id, global_position) > ($1::xid8, $2::bigint)`,
    [checkpoint.transactionId, checkpoint.globalPosition],
  );
  return { count: Number(row.count), oldestAt: row.oldest };
}
