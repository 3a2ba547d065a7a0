import type { Transaction } from '@strata/database';
import { atVersion, handleBulkCommands } from './command-handler';
import { ConcurrencyError } from './errors';
import { PostgresEventStore } from './event-store';
import { eventStoreSchema } from './testing/fixtures';
import type { Event, InlineProjection, RecordedEvent, StreamAppend } from './types';

type Counted = Event<'Counted', { n: number }>;
const counted = (n: number): Counted => ({ type: 'Counted', data: { n } });

/** A read model of each stream's last `n`, written set-based as the import's projections are. */
const lastCounts: InlineProjection = {
  name: 'last_counts',
  handles: ['Counted'],
  async apply(events: RecordedEvent[], tx: Transaction) {
    // The last event of each stream in this call wins.
    const typed = [...new Map((events as RecordedEvent<Counted>[]).map((e) => [e.streamId, e])).values()];
    await tx.query(
      `INSERT INTO last_counts (stream_id, n, version) SELECT * FROM unnest($1::text[], $2::int[], $3::int[])
       ON CONFLICT (stream_id) DO UPDATE SET n = EXCLUDED.n, version = EXCLUDED.version`,
      [typed.map((e) => e.streamId), typed.map((e) => e.data.n), typed.map((e) => e.streamPosition)],
    );
  },
  async reset(tx: Transaction) {
    await tx.query('DELETE FROM last_counts');
  },
};

const STREAMS = 3_000;
const newStreams = (prefix: string, eventsEach = 2): StreamAppend<Counted>[] =>
  Array.from({ length: STREAMS }, (_, i) => ({ streamId: `${prefix}-${i}`, expectedVersion: 'no_stream', events: Array.from({ length: eventsEach }, (_, k) => counted(i * 10 + k)) }));

describe('bulk append: thousands of streams in one transaction, set-based and in pieces', () => {
  let schema: Awaited<ReturnType<typeof eventStoreSchema>>;
  let store: PostgresEventStore;

  beforeAll(async () => {
    schema = await eventStoreSchema('eventstore_bulk');
    await schema.db.query('CREATE TABLE last_counts (stream_id text PRIMARY KEY, n int NOT NULL, version int NOT NULL)');
    store = new PostgresEventStore(schema.db, { projections: [lastCounts], metadata: () => ({ actor: 'user:bulk' }) });
  });
  afterAll(() => schema.drop());

  const eventsOf = (prefix: string) =>
    schema.db.query<{ stream_id: string; stream_position: number; global_position: string; transaction_id: string; metadata: { actor?: string } }>(
      `SELECT stream_id, stream_position, global_position, transaction_id::text, metadata FROM events WHERE stream_id LIKE $1 || '-%' ORDER BY global_position`,
      [prefix],
    );

  it('appends every stream in one transaction, in stream order, and projects each piece', async () => {
    const result = await store.appendBulk(newStreams('new'));

    const rows = await eventsOf('new');
    expect(result).toEqual({ events: STREAMS * 2, nextVersions: Array.from({ length: STREAMS }, () => 2) });
    expect(rows).toHaveLength(STREAMS * 2);
    expect(new Set(rows.map((r) => r.transaction_id)).size).toBe(1);
    // Outbox order: the relay publishes by global position within the transaction, which follows the decision's order.
    expect(rows.map((r) => `${r.stream_id}:${r.stream_position}`)).toEqual(newStreams('new').flatMap((a) => [`${a.streamId}:1`, `${a.streamId}:2`]));
    expect(rows.every((r) => r.metadata.actor === 'user:bulk')).toBe(true);
    const projected = await schema.db.query<{ n: number; version: number }>(`SELECT n, version FROM last_counts WHERE stream_id LIKE 'new-%' ORDER BY n`);
    expect(projected).toEqual(Array.from({ length: STREAMS }, (_, i) => ({ n: i * 10 + 1, version: 2 })));
  });

  it('checks every expected version: one stale stream among thousands refuses the whole append, nothing written', async () => {
    await store.appendBulk(newStreams('old', 1));
    const appends = newStreams('old', 1).map((a, i): StreamAppend<Counted> => ({ ...a, expectedVersion: i === 2_345 ? 0 : 1 }));

    const error = await store.appendBulk(appends).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(ConcurrencyError);
    expect(error).toMatchObject({ streamId: 'old-2345', expected: 0, actual: 1 });
    expect((await eventsOf('old')).every((r) => r.stream_position === 1)).toBe(true);
    const next = await store.appendBulk(newStreams('old', 1).map((a): StreamAppend<Counted> => ({ ...a, expectedVersion: 1 })));
    expect(next.nextVersions.every((v) => v === 2)).toBe(true);
  });

  it("answers the version of streams expected at 'any' or 'stream_exists', and refuses 'no_stream' on one that exists", async () => {
    await store.appendBulk([{ streamId: 'mixed-a', expectedVersion: 'no_stream', events: [counted(1), counted(2), counted(3)] }]);

    const result = await store.appendBulk([
      { streamId: 'mixed-a', expectedVersion: 'stream_exists', events: [counted(4)] },
      { streamId: 'mixed-b', expectedVersion: 'any', events: [counted(1)] },
      { streamId: 'mixed-c', expectedVersion: 0, events: [] },
    ]);

    expect(result).toEqual({ events: 2, nextVersions: [4, 1, 0] });
    await expect(store.appendBulk([{ streamId: 'mixed-b', expectedVersion: 'no_stream', events: [counted(2)] }])).rejects.toMatchObject({ streamId: 'mixed-b', actual: 1 });
    await expect(store.appendBulk([{ streamId: 'mixed-d', expectedVersion: 'stream_exists', events: [counted(1)] }])).rejects.toMatchObject({ streamId: 'mixed-d', actual: 0 });
  });

  it('rolls back pieces already inserted when a later piece fails (one transaction)', async () => {
    const appends = newStreams('late');
    // The projection refuses the last piece's rows: the earlier pieces were inserted and projected in the same transaction.
    await schema.db.query(`ALTER TABLE last_counts ADD CONSTRAINT no_late_end CHECK (stream_id <> 'late-${STREAMS - 1}')`);

    await expect(store.appendBulk(appends)).rejects.toThrow(/no_late_end/);

    await schema.db.query('ALTER TABLE last_counts DROP CONSTRAINT no_late_end');
    expect(await eventsOf('late')).toEqual([]);
    expect(await schema.db.query(`SELECT 1 FROM last_counts WHERE stream_id LIKE 'late-%'`)).toEqual([]);
  });

  it('handleBulkCommands decides, appends, and decides again after a lost race on a guard', async () => {
    await store.appendBulk([{ streamId: 'guard', expectedVersion: 'no_stream', events: [counted(0)] }]);
    let rounds = 0;

    const result = await handleBulkCommands(store, async () => {
      rounds++;
      // The first round decided on a guard that another writer moves on before the append.
      const guardVersion = rounds === 1 ? 1 : 2;
      if (rounds === 1) await store.appendToStream('guard', [counted(1)], { expectedVersion: 1 });
      return [atVersion('guard', guardVersion), ...newStreams('cmd', 1).map((a) => atVersion(a.streamId, 'no_stream', a.events))];
    });

    expect(rounds).toBe(2);
    expect(result).toEqual({ events: STREAMS });
    expect(await eventsOf('cmd')).toHaveLength(STREAMS);
  });
});
