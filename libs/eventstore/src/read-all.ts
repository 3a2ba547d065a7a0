import type { Queryable } from '@strata/database';
import { checkpointOf, START } from './checkpoint';
import { EVENT_COLUMNS, toRecordedEvent, type EventRow } from './rows';
import type { Checkpoint, RecordedEvent } from './types';

export interface ReadAllOptions {
  /** Exclusive; `START` (the default) reads from the beginning. */
  after?: Checkpoint;
  limit: number;
}

export interface ReadAllResult {
  events: RecordedEvent[];
  /** Where the next read continues: the last event's checkpoint, or `after` when nothing was read. */
  checkpoint: Checkpoint;
}

/**
 * Committed events in commit-safe order. Only transactions older than the snapshot's xmin are read: every one of
 * them has ended, and every transaction still able to commit has a larger id, so a row committing out of
 * global-position order shows up later *after* the checkpoint instead of being skipped.
 */
export async function readAll(db: Queryable, options: ReadAllOptions): Promise<ReadAllResult> {
  const after = options.after ?? START;
  const rows = await db.query<EventRow>(
    `SELECT ${EVENT_COLUMNS} FROM events
      WHERE (transaction_id, global_position) > ($1::xid8, $2::bigint)
        AND transaction_id < pg_snapshot_xmin(pg_current_snapshot())
      ORDER BY transaction_id, global_position
      LIMIT $3`,
    [after.transactionId, after.globalPosition, options.limit],
  );
  const events = rows.map(toRecordedEvent);
  const last = events[events.length - 1];
  return { events, checkpoint: last ? checkpointOf(last) : after };
}
