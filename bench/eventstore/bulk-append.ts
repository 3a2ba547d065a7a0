// The bulk append against the general one and one set-based INSERT. Run alone: node -r ./infra/register.cjs bench/eventstore/bulk-append.ts
import { randomBytes } from 'node:crypto';
import { Database, migrate } from '@strata/database';
import { eventStoreMigrations, PostgresEventStore, uuidv7, type Event, type StreamAppend } from '@strata/eventstore';
import { fmt } from './stats';

type Set = Event<'StateSet', { flagId: string; environmentId: number; enabled: boolean; value: string }>;

export interface BulkFigures {
  streams: number;
  bulkMs: number;
  generalMs: number;
  baselineMs: number;
}

/** `streams` new streams of one event each — an import's shape — appended three ways into fresh tables. */
export async function benchBulkAppend(db: Database, streams: number): Promise<BulkFigures> {
  const store = new PostgresEventStore(db);
  const appends = (run: string): StreamAppend<Set>[] =>
    Array.from({ length: streams }, (_, i) => ({
      streamId: `flag-state-${run}-${i}`,
      expectedVersion: 'no_stream',
      events: [{ type: 'StateSet', data: { flagId: uuidv7(), environmentId: i % 10, enabled: i % 2 === 0, value: 'a representative value of some forty bytes' } }],
    }));
  const timed = async (work: () => Promise<unknown>) => {
    const start = performance.now();
    await work();
    return performance.now() - start;
  };
  const bulkMs = await timed(() => store.appendBulk(appends('bulk')));
  const generalMs = await timed(() => store.appendToStreams(appends('general')));
  await db.query('CREATE TABLE events_baseline (LIKE events INCLUDING ALL)');
  const rows = appends('baseline');
  const baselineMs = await timed(() =>
    db.query(
      `INSERT INTO events_baseline (id, stream_id, stream_position, type, data, metadata)
       SELECT id, stream_id, 1, 'StateSet', data::jsonb, '{}'::jsonb FROM unnest($1::uuid[], $2::text[], $3::text[]) AS u(id, stream_id, data)`,
      [rows.map(() => uuidv7()), rows.map((r) => r.streamId), rows.map((r) => JSON.stringify(r.events[0].data))],
    ),
  );
  return { streams, bulkMs, generalMs, baselineMs };
}

export function printBulk(figures: BulkFigures): void {
  const { streams, bulkMs, generalMs, baselineMs } = figures;
  console.log(
    `bulk append of ${fmt(streams)} new streams × 1 event, one transaction (locks, version checks, projections): ${fmt(bulkMs)} ms (${fmt(bulkMs / baselineMs, 2)}× baseline)` +
      ` | appendToStreams of the same: ${fmt(generalMs)} ms (${fmt(generalMs / baselineMs, 2)}×) | baseline one set-based INSERT … SELECT FROM unnest of the rows: ${fmt(baselineMs)} ms`,
  );
}

if (require.main === module) {
  const url = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
  const schema = `b_${randomBytes(4).toString('hex')}_bulk`;
  void (async () => {
    await migrate({ url, schema, migrations: eventStoreMigrations });
    const db = new Database({ url, schema, poolSize: 2 });
    try {
      printBulk(await benchBulkAppend(db, Number(process.env.BENCH_STREAMS ?? 55_000)));
    } finally {
      await db.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await db.close();
    }
  })();
}
