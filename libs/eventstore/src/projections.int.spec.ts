import type { Database, Transaction } from '@strata/database';
import { PostgresEventStore } from './event-store';
import { rebuildProjection } from './rebuild';
import { eventStoreSchema } from './testing/fixtures';
import type { Event, InlineProjection, RecordedEvent } from './types';

type EnvironmentEvent =
  | Event<'EnvironmentCreated', { name: string }>
  | Event<'EnvironmentRenamed', { name: string }>
  | Event<'EnvironmentDeleted', Record<string, never>>;

/** A list read model with a uniqueness rule: environment names are unique among live environments. */
const environmentList: InlineProjection = {
  name: 'environment_list',
  handles: ['EnvironmentCreated', 'EnvironmentRenamed', 'EnvironmentDeleted'],
  async apply(events: RecordedEvent[], tx: Transaction) {
    for (const event of events as RecordedEvent<EnvironmentEvent>[]) {
      switch (event.type) {
        case 'EnvironmentCreated':
          await tx.query('INSERT INTO environment_list (id, name, version) VALUES ($1, $2, $3)', [event.streamId, event.data.name, event.streamPosition]);
          break;
        case 'EnvironmentRenamed':
          await tx.query('UPDATE environment_list SET name = $2, version = $3 WHERE id = $1', [event.streamId, event.data.name, event.streamPosition]);
          break;
        case 'EnvironmentDeleted':
          await tx.query('DELETE FROM environment_list WHERE id = $1', [event.streamId]);
          break;
        default: {
          const _exhaustive: never = event;
          throw new Error(`unhandled ${String(_exhaustive)}`);
        }
      }
    }
  },
  async reset(tx: Transaction) {
    await tx.query('DELETE FROM environment_list');
  },
};

const rows = (db: Database) => db.query('SELECT id, name, version FROM environment_list ORDER BY id');

describe('inline projections', () => {
  let db: Database;
  let drop: () => Promise<void>;
  let store: PostgresEventStore;

  beforeAll(async () => {
    ({ db, drop } = await eventStoreSchema('eventstore_projections', 12));
    await db.query('CREATE TABLE environment_list (id text PRIMARY KEY, name text NOT NULL UNIQUE, version int NOT NULL)');
    store = new PostgresEventStore(db, { projections: [environmentList] });
  });

  afterAll(() => drop());

  it('updates the read model in the append transaction, and a read model error rolls the append back', async () => {
    await store.appendToStream('env-1', [{ type: 'EnvironmentCreated', data: { name: 'production' } }], { expectedVersion: 'no_stream' });

    const duplicate = store.appendToStream('env-2', [{ type: 'EnvironmentCreated', data: { name: 'production' } }], { expectedVersion: 'no_stream' });

    await expect(duplicate).rejects.toMatchObject({ name: 'UniqueViolationError', constraint: 'environment_list_name_key' });
    expect(await rows(db)).toEqual([{ id: 'env-1', name: 'production', version: 1 }]);
    expect((await store.readStream('env-2')).version).toBe(0);
  });

  it('rebuilds from the log to the rows the live projection holds, also with appends running meanwhile', async () => {
    const ids = Array.from({ length: 30 }, (_, i) => `env-r${i}`);
    const lifecycle = async (id: string, i: number) => {
      await store.appendToStream(id, [{ type: 'EnvironmentCreated', data: { name: `n-${id}` } }], { expectedVersion: 'no_stream' });
      for (let k = 0; k < 3; k++) await store.appendToStream(id, [{ type: 'EnvironmentRenamed', data: { name: `n-${id}-${k}` } }], { expectedVersion: k + 1 });
      if (i % 4 === 0) await store.appendToStream(id, [{ type: 'EnvironmentDeleted', data: {} }], { expectedVersion: 4 });
    };
    await Promise.all(ids.slice(0, 15).map(lifecycle));

    const [rebuilt] = await Promise.all([
      (async () => {
        await db.query("UPDATE environment_list SET name = name || '-drifted'");
        return rebuildProjection(db, environmentList, { batchSize: 7 });
      })(),
      Promise.all(ids.slice(15).map((id, i) => lifecycle(id, i + 15))),
    ]);
    const live = await rows(db);
    await rebuildProjection(db, environmentList);

    expect(rebuilt.events).toBeGreaterThan(0);
    expect(live.filter((r) => String(r.name).endsWith('-drifted'))).toEqual([]);
    expect(await rows(db)).toEqual(live);
    expect(live).toHaveLength(1 + 30 - 8);
  });
});
