import type { PoolClient } from 'pg';

export type Held<T> = { held: true; value: T } | { held: false };

/**
 * Runs `work` while holding the session advisory lock `name` on `client`, if no other session holds it (then
 * `{ held: false }` at once). The lock lives as long as the connection: a holder that dies, even by SIGKILL, drops
 * its connection and with it the lock, so another process takes the work up without waiting for a timeout.
 */
export async function whileHolding<T>(client: PoolClient, name: string, work: () => Promise<T>): Promise<Held<T>> {
  const { rows } = await client.query<{ locked: boolean }>('SELECT pg_try_advisory_lock(hashtextextended($1, 0)) AS locked', [name]);
  if (!rows[0]?.locked) return { held: false };
  try {
    return { held: true, value: await work() };
  } finally {
    await client.query('SELECT pg_advisory_unlock(hashtextextended($1, 0))', [name]);
  }
}
