import type { Database } from '@strata/database';
import { handleCommand, PostgresEventStore, uuidv7, type Decider, type Event } from '@strata/eventstore';

type Recorded = Event<'ItemRecorded', { item: number; note: string }>;
const bulk: Decider<number, { type: 'RecordItems'; count: number }, Recorded> = {
  initialState: () => 0,
  evolve: (count) => count + 1,
  decide: (command) => Array.from({ length: command.count }, (_, item) => ({ type: 'ItemRecorded', data: { item, note: 'a representative payload of some forty bytes' } })),
};

export interface AppendFigures {
  eventsPerSecond: number;
  baselinePerSecond: number;
}

/** `total` events in commands of `batch` events each, `concurrency` at a time; then the same rows by plain INSERT. */
export async function benchAppend(db: Database, total: number, batch: number, concurrency: number): Promise<AppendFigures> {
  const store = new PostgresEventStore(db);
  await db.query('CREATE TABLE events_baseline (LIKE events INCLUDING ALL)');
  const commands = total / batch;
  const eventsPerSecond = await timed(total, commands, concurrency, (i) =>
    handleCommand(store, bulk, `bulk-${i}`, { type: 'RecordItems', count: batch }, { metadata: { actor: 'bench' } }),
  );
  const baselinePerSecond = await timed(total, commands, concurrency, (i) => plainInsert(db, `bulk-${i}`, batch));
  return { eventsPerSecond, baselinePerSecond };
}

async function timed(total: number, jobs: number, concurrency: number, job: (i: number) => Promise<unknown>): Promise<number> {
  let next = 0;
  const start = performance.now();
  // Every worker stops before a failure is reported: none may still be writing while the caller cleans up.
  const workers = await Promise.allSettled(
    Array.from({ length: concurrency }, async () => {
      while (next < jobs) await job(next++);
    }),
  );
  const failed = workers.find((w): w is PromiseRejectedResult => w.status === 'rejected');
  if (failed) throw failed.reason;
  return total / ((performance.now() - start) / 1000);
}

/** The baseline: the same rows, one multi-row INSERT, no lock, no version check, no transaction of its own. */
async function plainInsert(db: Database, streamId: string, count: number): Promise<void> {
  const events = bulk.decide({ type: 'RecordItems', count }, 0);
  await db.query(
    `INSERT INTO events_baseline (id, stream_id, stream_position, type, data, metadata)
     SELECT id, $2, pos, 'ItemRecorded', data::jsonb, $4::jsonb
       FROM unnest($1::uuid[], $3::text[]) WITH ORDINALITY AS u(id, data, pos)`,
    [events.map(() => uuidv7()), streamId, events.map((e) => JSON.stringify(e.data)), JSON.stringify({ actor: 'bench' })],
  );
}
