import { randomBytes } from 'node:crypto';
import { Database, migrate } from '@strata/database';
import type { NatsConnection } from 'nats';
import { PostgresEventStore } from '../event-store';
import { eventStoreMigrations } from '../migrations';

export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
export const TEST_NATS_URL = process.env.TEST_NATS_URL ?? 'nats://127.0.0.1:4222';

/** A migrated event store in a schema of its own (`t_<hex>_<name>`); `drop()` removes it. */
export async function eventStoreSchema(name: string, poolSize = 10): Promise<{ db: Database; drop: () => Promise<void> }> {
  const schema = ownSchema(name, poolSize);
  await schema.migrate();
  return { db: schema.db, drop: schema.drop };
}

/**
 * An event store in a schema of its own for the enclosing `describe`: migrated before its first spec, dropped after its
 * last. The pool connects at its first query, so `db` and `store` are handed out at once.
 */
export function eventStoreForSpecs(name: string, poolSize = 10): { db: Database; store: PostgresEventStore } {
  const schema = ownSchema(name, poolSize);
  beforeAll(() => schema.migrate());
  afterAll(() => schema.drop());
  return { db: schema.db, store: new PostgresEventStore(schema.db) };
}

function ownSchema(name: string, poolSize: number): { db: Database; migrate: () => Promise<void>; drop: () => Promise<void> } {
  const schema = `t_${randomBytes(4).toString('hex')}_${name}`;
  const db = new Database({ url: TEST_DATABASE_URL, schema, poolSize });
  return {
    db,
    migrate: async () => {
      await migrate({ url: TEST_DATABASE_URL, schema, migrations: eventStoreMigrations });
    },
    drop: async () => {
      await db.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await db.close();
    },
  };
}

/** A NATS subject prefix of this test file: `t<hex>.` (streams: `t<hex>_…`). */
export function natsPrefix(): string {
  return `t${randomBytes(4).toString('hex')}.`;
}

/** Every message of a JetStream stream, in stream order, through an ordered consumer. */
export async function streamMessages(nc: NatsConnection, stream: string): Promise<{ msgId: string; subject: string; body: Record<string, unknown>; headers: Record<string, string> }[]> {
  const jsm = await nc.jetstreamManager();
  const expected = (await jsm.streams.info(stream)).state.messages;
  const consumer = await nc.jetstream().consumers.get(stream);
  const out = [];
  while (out.length < expected) {
    const batch = await consumer.fetch({ max_messages: Math.min(expected - out.length, 1_000), expires: 2_000 });
    for await (const m of batch) {
      const headers = Object.fromEntries((m.headers?.keys() ?? []).map((k) => [k, m.headers!.get(k)]));
      out.push({ msgId: m.headers?.get('Nats-Msg-Id') ?? '', subject: m.subject, body: m.json<Record<string, unknown>>(), headers });
    }
  }
  return out;
}

export async function waitFor(condition: () => Promise<boolean> | boolean, timeoutMs = 20_000, stepMs = 20): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, stepMs));
  }
}

export { PrivateNatsCluster, PrivateNatsServer } from '@strata/nats-server';
