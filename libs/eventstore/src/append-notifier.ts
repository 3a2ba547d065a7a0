import type { PoolClient } from 'pg';

/**
 * Wakes the relay (`LISTEN` on the schema's append channel) after appends have committed.
 *
 * Not from inside the append transaction: Postgres takes one cluster-wide lock in the pre-commit of every transaction
 * with a pending NOTIFY and holds it until that transaction's commit record is flushed. Notifying appends therefore
 * commit one WAL flush at a time, never grouped — one-event appends stalled at ~600–1,600 a second on a loaded
 * machine, below the 2,000 a second of the relay lag benchmark, queued in the pool and failed with its connect timeout.
 *
 * Here the NOTIFY is a transaction of its own, on the connection that has just committed (so it never queues in the
 * pool behind other appends), and:
 * - coalesced: at most one in flight per pool and channel; appends that commit meanwhile are covered by one more
 *   NOTIFY sent when it returns, so every commit is followed by a NOTIFY sent after it;
 * - asynchronously committed: it waits for no WAL flush, so it holds that lock only for microseconds (a notification
 *   is worth nothing after a server crash anyway: the listening session is gone with it);
 * - best effort: one that fails, or never comes (the process died right after its commit), is covered by the relay's
 *   poll interval, as a missed NOTIFY always was.
 */
export class AppendNotifier {
  private sending = false;
  private again = false;

  constructor(private readonly channel: string) {}

  /** Takes over `client`, whose transaction has just committed events, and releases it. Never throws, never waits. */
  afterCommit(client: PoolClient): void {
    if (this.sending) {
      this.again = true;
      client.release();
      return;
    }
    this.sending = true;
    void this.send(client);
  }

  private async send(client: PoolClient): Promise<void> {
    let failure: Error | undefined;
    try {
      do {
        this.again = false;
        await client.query(`SELECT set_config('synchronous_commit', 'off', true), pg_notify($1, '')`, [this.channel]);
      } while (this.again);
    } catch (error) {
      // Best effort (see above); a connection that failed is not handed back to the pool.
      failure = error instanceof Error ? error : new Error(String(error));
    } finally {
      this.sending = false;
      client.release(failure);
    }
  }
}

const notifiers = new WeakMap<object, Map<string, AppendNotifier>>();

/** One notifier per pool and channel: every event store of a process on that pool shares the one NOTIFY in flight. */
export function appendNotifier(pool: object, channel: string): AppendNotifier {
  let byChannel = notifiers.get(pool);
  if (!byChannel) notifiers.set(pool, (byChannel = new Map()));
  let notifier = byChannel.get(channel);
  if (!notifier) byChannel.set(channel, (notifier = new AppendNotifier(channel)));
  return notifier;
}
