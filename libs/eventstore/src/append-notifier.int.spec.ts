import { Client, type Notification } from 'pg';
import { ConcurrencyError } from './errors';
import { PostgresEventStore } from './event-store';
import { appendChannel } from './rows';
import { eventStoreForSpecs, TEST_DATABASE_URL, waitFor } from './testing/fixtures';
import type { Event } from './types';

type Noted = Event<'Noted', { n: number }>;
const noted = (n: number): Noted => ({ type: 'Noted', data: { n } });

/**
 * The relay's wake-up is sent after the append commits, on its own (a NOTIFY inside the append transaction serialised
 * every notifying commit on Postgres's global notify lock: one-event appends could not reach 2,000/s). These pin what
 * the relay relies on instead: no commit goes without a notification sent after it.
 */
describe('append wake-ups', () => {
  const { db } = eventStoreForSpecs('eventstore_notify', 8);
  let listener: Client;
  let notifications: Notification[];

  beforeAll(async () => {
    listener = new Client({ connectionString: TEST_DATABASE_URL });
    await listener.connect();
    await listener.query(`LISTEN "${appendChannel(db.schema)}"`);
    listener.on('notification', (n) => notifications.push(n));
  });

  beforeEach(() => {
    notifications = [];
  });

  afterAll(async () => {
    await listener.end();
  });

  it('follows the last of many concurrent commits with a notification, however many it coalesces', async () => {
    const store = new PostgresEventStore(db);
    // What a relay woken by each notification would read: every row committed before that notification was sent.
    let seenAtLatestWake = 0;
    let reads = Promise.resolve();
    const onWake = (): void => {
      reads = reads.then(async () => {
        const [row] = await db.query<{ n: string }>('SELECT count(*) AS n FROM events');
        seenAtLatestWake = Math.max(seenAtLatestWake, Number(row.n));
      });
    };
    listener.on('notification', onWake);
    try {
      const total = 200;
      await Promise.all(Array.from({ length: total }, (_, i) => store.appendToStream(`burst-${i % 20}`, [noted(i)], { expectedVersion: 'any' })));

      await waitFor(async () => {
        await reads;
        return seenAtLatestWake === total;
      });
      expect(notifications.length).toBeGreaterThan(0);
      expect(notifications.length).toBeLessThanOrEqual(total);
      expect(notifications.every((n) => n.channel === appendChannel(db.schema))).toBe(true);
    } finally {
      listener.off('notification', onWake);
    }
  });

  it('notifies for a commit that follows a quiet spell, and not for an append that failed', async () => {
    const store = new PostgresEventStore(db);
    await store.appendToStream('quiet', [noted(1)], { expectedVersion: 'no_stream' });
    await waitFor(() => notifications.length === 1);

    const refused = await store.appendToStream('quiet', [noted(2)], { expectedVersion: 'no_stream' }).catch((e: unknown) => e);
    await store.appendToStream('quiet', [noted(3)], { expectedVersion: 1 });
    await waitFor(() => notifications.length === 2);

    expect(refused).toBeInstanceOf(ConcurrencyError);
    expect((await store.readStream('quiet')).version).toBe(2);
  });

  it('hands every connection back to the pool, whether the append committed, failed or notified', async () => {
    const store = new PostgresEventStore(db);
    await Promise.allSettled(
      Array.from({ length: 60 }, (_, i) => store.appendToStream(`pool-${i % 3}`, [noted(i)], { expectedVersion: i % 2 === 0 ? 'any' : 0 })),
    );

    await waitFor(() => db.pool.totalCount === db.pool.idleCount && db.pool.waitingCount === 0);
    // And they are usable: no connection was returned inside a transaction.
    expect(await db.query<{ open: boolean }>(`SELECT now() <> statement_timestamp() AS open`)).toEqual([{ open: false }]);
  });
});
