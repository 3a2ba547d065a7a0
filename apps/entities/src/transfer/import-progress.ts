import { type Database, whileHolding } from '@strata/database';

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

/** Whether some instance holds the import's lock now. */
export async function isApplying(db: Database, importId: string): Promise<boolean> {
  const client = await db.connect();
  try {
    return !(await whileHolding(client, lockName(importId), async () => true)).held;
  } finally {
    client.release();
  }
}
