import { Client } from 'pg';
import { ConcurrencyError } from './errors';
import { PostgresEventStore } from './event-store';
import { eventStoreForSpecs, TEST_DATABASE_URL, waitFor } from './testing/fixtures';
import { HoldingProjection } from './testing/gate';
import type { Event } from './types';

type Noted = Event<'Noted', { n: number }>;
const noted = (n: number): Noted => ({ type: 'Noted', data: { n } });

describe('PostgresEventStore', () => {
  const { db, store } = eventStoreForSpecs('eventstore_store');

  it('appends to a new stream and reads it back with its version', async () => {
    const appended = await store.appendToStream('s-read', [noted(1), noted(2), noted(3)], {
      expectedVersion: 'no_stream',
      metadata: { correlationId: 'c-1', actor: 'user:1' },
    });
    const all = await store.readStream<Noted>('s-read');
    const slice = await store.readStream<Noted>('s-read', { fromPosition: 2, maxCount: 1 });

    expect(appended.nextVersion).toBe(3);
    expect(all.version).toBe(3);
    expect(all.events).toEqual(appended.events);
    expect(all.events.map((e) => [e.streamPosition, e.data.n, e.metadata.correlationId])).toEqual([[1, 1, 'c-1'], [2, 2, 'c-1'], [3, 3, 'c-1']]);
    expect(slice).toEqual({ version: 3, events: [all.events[1]] });
    expect(await store.readStream('missing')).toEqual({ version: 0, events: [] });
  });

  it('refuses an append at a stale version with a typed conflict', async () => {
    await store.appendToStream('s-stale', [noted(1)], { expectedVersion: 'no_stream' });

    const error = await store.appendToStream('s-stale', [noted(2)], { expectedVersion: 0 }).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(ConcurrencyError);
    expect(error).toMatchObject({ code: 'concurrency_conflict', status: 409, streamId: 's-stale', expected: 0, actual: 1 });
    await expect(store.appendToStream('s-new', [noted(1)], { expectedVersion: 'stream_exists' })).rejects.toBeInstanceOf(ConcurrencyError);
  });

  it('lets exactly one of 20 concurrent appends at the same version through', async () => {
    await store.appendToStream('s-race', [noted(0)], { expectedVersion: 'no_stream' });

    const outcomes = await Promise.allSettled(Array.from({ length: 20 }, (_, i) => store.appendToStream('s-race', [noted(i)], { expectedVersion: 1 })));

    const won = outcomes.filter((o) => o.status === 'fulfilled');
    const lost = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected');
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(19);
    expect(lost.every((o) => o.reason instanceof ConcurrencyError && o.reason.actual === 2)).toBe(true);
    expect((await store.readStream('s-race')).version).toBe(2);
  });

  it('orders each stream\'s transactions by commit: positions follow transaction ids', async () => {
    await Promise.all(Array.from({ length: 40 }, (_, i) => store.appendToStream('s-commit-order', [noted(i), noted(i)], { expectedVersion: 'any' })));

    const { events } = await store.readStream('s-commit-order');
    const byTransaction = [...events].sort((a, b) => (BigInt(a.transactionId) < BigInt(b.transactionId) ? -1 : 1));
    expect(events.map((e) => e.streamPosition)).toEqual(Array.from({ length: 80 }, (_, i) => i + 1));
    expect(byTransaction.map((e) => e.streamPosition)).toEqual(events.map((e) => e.streamPosition));
  });

  it('appends to several streams in one transaction', async () => {
    await store.appendToStream('s-multi-b', [noted(1)], { expectedVersion: 'no_stream' });

    const results = await store.appendToStreams([
      { streamId: 's-multi-a', expectedVersion: 'no_stream', events: [noted(1), noted(2)] },
      { streamId: 's-multi-b', expectedVersion: 1, events: [noted(3)] },
    ]);

    expect(results.map((r) => [r.streamId, r.nextVersion])).toEqual([['s-multi-a', 2], ['s-multi-b', 2]]);
    expect(new Set(results.flatMap((r) => r.events.map((e) => e.transactionId))).size).toBe(1);
  });

  it('appends to more streams than the lock table holds in one transaction, excluding concurrent appends meanwhile', async () => {
    const many = Array.from({ length: 12_000 }, (_, i) => ({ streamId: `bulk-${i}`, expectedVersion: 'no_stream' as const, events: [noted(i)] }));

    const [bulk, single] = await Promise.allSettled([
      store.appendToStreams(many),
      store.appendToStream('bulk-11999', [noted(-1)], { expectedVersion: 'no_stream' }),
    ]);

    expect([bulk.status, single.status].filter((status) => status === 'fulfilled')).toHaveLength(1);
    expect((await store.readStream<Noted>('bulk-11999')).version).toBe(1);
    if (bulk.status === 'fulfilled') expect((await store.readStream<Noted>('bulk-0')).events[0].data.n).toBe(0);
  });

  it('rolls every stream back when one stream\'s version does not match', async () => {
    await store.appendToStream('s-all-b', [noted(1), noted(2)], { expectedVersion: 'no_stream' });

    const attempt = store.appendToStreams([
      { streamId: 's-all-a', expectedVersion: 'no_stream', events: [noted(1)] },
      { streamId: 's-all-b', expectedVersion: 1, events: [noted(3)] },
      { streamId: 's-all-c', expectedVersion: 'any', events: [noted(4)] },
    ]);

    await expect(attempt).rejects.toMatchObject({ streamId: 's-all-b', expected: 1, actual: 2 });
    expect((await store.readStream('s-all-a')).version).toBe(0);
    expect((await store.readStream('s-all-b')).version).toBe(2);
    expect((await store.readStream('s-all-c')).version).toBe(0);
  });

  it('maps a unique violation of the stream position to ConcurrencyError when a writer bypassed the locks', async () => {
    const rogue = new Client({ connectionString: TEST_DATABASE_URL, options: `-c search_path=${db.schema}` });
    await rogue.connect();
    await rogue.query('BEGIN');
    await rogue.query(`INSERT INTO events (id, stream_id, stream_position, type, data) VALUES (gen_random_uuid(), 's-rogue', 1, 'Noted', '{}')`);

    const append = store.appendToStream('s-rogue', [noted(1)], { expectedVersion: 'no_stream' }).catch((e: unknown) => e);
    await new Promise((r) => setTimeout(r, 200));
    await rogue.query('COMMIT');
    await rogue.end();

    expect(await append).toMatchObject({ name: 'ConcurrencyError', streamId: 's-rogue', actual: null });
  });
});

describe('readAll', () => {
  const { db } = eventStoreForSpecs('eventstore_readall');

  it('holds back a row committed out of order and returns it later instead of skipping it', async () => {
    const holding = new HoldingProjection();
    const store = new PostgresEventStore(db, { projections: [holding] });
    const first = store.appendToStream('early', [{ type: 'Held', data: {} }], { expectedVersion: 'no_stream' });
    await holding.entered;
    await store.appendToStream('late', [noted(1)], { expectedVersion: 'no_stream' });

    const whileOpen = await store.readAll({ limit: 100 });
    holding.release();
    await first;
    // xmin is cluster-wide: another test's open transaction may hold rows back a moment longer.
    let afterCommit = await store.readAll({ after: whileOpen.checkpoint, limit: 100 });
    await waitFor(async () => (afterCommit = await store.readAll({ after: whileOpen.checkpoint, limit: 100 })).events.length === 2);

    expect(whileOpen.events).toEqual([]);
    expect(afterCommit.events.map((e) => e.streamId)).toEqual(['early', 'late']);
    expect(afterCommit.events[0].globalPosition).toBeLessThan(afterCommit.events[1].globalPosition);
  });

  it('pages through the log in (transaction id, global position) order', async () => {
    const store = new PostgresEventStore(db);
    await store.appendToStreams([
      { streamId: 'page-a', expectedVersion: 'no_stream', events: [noted(1), noted(2)] },
      { streamId: 'page-b', expectedVersion: 'no_stream', events: [noted(3)] },
    ]);
    await waitFor(async () => (await store.readAll({ limit: 100 })).events.length === 5);
    const pages = [];
    let page = await store.readAll({ limit: 2 });
    while (page.events.length > 0) {
      pages.push(page.events);
      page = await store.readAll({ after: page.checkpoint, limit: 2 });
    }

    const flat = pages.flat();
    expect(pages.map((p) => p.length)).toEqual([2, 2, 1]);
    expect(flat.map((e) => e.globalPosition)).toEqual([...flat.map((e) => e.globalPosition)].sort((a, b) => a - b));
  });
});
