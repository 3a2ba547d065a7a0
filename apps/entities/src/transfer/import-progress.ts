import type { Database } from '@strata/database';

/**
 * An import being applied holds a session advisory lock named after it, on a connection of its own: an instance that
 * dies (even by SIGKILL) drops the connection and the lock with it, so the export service, asking `importProgress`,
 * learns within a round trip that nobody applies it any more instead of waiting out its call's timeout.
 */
const lockName = (importId: string): string => `entities-import-applying:${importId}`;

/** Runs `work` holding the import's lock; a second apply of the same import waits for the first, then finds its record. */
export async function whileApplying<T>(db: Database, importId: string, work: () => Promise<T>): Promise<T> {
  const client = await db.connect();
  try {
    await client.query('SELECT pg_advisory_lock(hashtextextended($1, 0))', [lockName(importId)]);
    try {
      return await work();
    } finally {
      await client.query('SELECT pg_advisory_unlock(hashtextextended($1, 0))', [lockName(importId)]);
    }
  } finally {
    client.release();
  }
}

/** Whether some instance holds the import's lock now: read from `pg_locks`, so asking never takes the lock itself. */
export async function isApplying(db: Database, importId: string): Promise<boolean> {
  const [row] = await db.query<{ held: boolean }>(
    `SELECT EXISTS (SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND granted AND database = (SELECT oid FROM pg_database WHERE datname = current_database())
       AND ((classid::bigint << 32) | objid::bigint) = hashtextextended($1, 0)) AS held`,
    [lockName(importId)],
  );
  return row?.held === true;
}
