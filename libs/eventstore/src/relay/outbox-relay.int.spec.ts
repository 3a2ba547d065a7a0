import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { eventStreamName, Headers } from '@strata/contracts';
import type { Database } from '@strata/database';
import type { JetStreamManager, NatsConnection } from 'nats';
import { connect, StorageType } from 'nats';
import { PostgresEventStore } from '../event-store';
import { eventStoreSchema, natsPrefix, streamMessages, TEST_DATABASE_URL, TEST_NATS_URL, waitFor } from '../testing/fixtures';
import { HoldingProjection } from '../testing/gate';
import type { Event } from '../types';
import { ensureEventStream } from '@strata/messaging';
import { OutboxRelay, type OutboxRelayOptions, type PublishedBatch } from './outbox-relay';

type Noted = Event<'Noted', { n: number }>;
const noted = (n: number): Noted => ({ type: 'Noted', data: { n } });
const root = join(__dirname, '../../../..');

describe('OutboxRelay', () => {
  const prefix = natsPrefix();
  const stream = eventStreamName('projects', prefix);
  let nc: NatsConnection;
  let jsm: JetStreamManager;
  let db: Database;
  let drop: () => Promise<void>;
  const relays: OutboxRelay[] = [];

  const relay = (options: Partial<OutboxRelayOptions> = {}): OutboxRelay => {
    const r = new OutboxRelay({ db, nats: nc, service: 'projects', prefix, batchSize: 50, pollIntervalMs: 200, ...options });
    relays.push(r);
    return r;
  };
  const storedIds = async () => (await streamMessages(nc, stream)).map((m) => m.msgId);
  const loggedIds = async () => (await db.query<{ id: string }>('SELECT id FROM events ORDER BY transaction_id, global_position')).map((r) => r.id);

  beforeAll(async () => {
    nc = await connect({ servers: TEST_NATS_URL });
    jsm = await nc.jetstreamManager();
  });

  beforeEach(async () => {
    ({ db, drop } = await eventStoreSchema('eventstore_relay'));
    await ensureEventStream(jsm, 'projects', prefix, { duplicateWindowMs: 120_000, storage: StorageType.Memory });
  });

  afterEach(async () => {
    await Promise.all(relays.splice(0).map((r) => r.stop()));
    await jsm.streams.delete(stream);
    await drop();
  });

  afterAll(() => nc.drain());

  it('publishes each committed event as its envelope, with message id and headers, and stores the checkpoint', async () => {
    const store = new PostgresEventStore(db);
    const [appended] = (await store.appendToStream('env-1', [noted(1)], { expectedVersion: 'no_stream', metadata: { correlationId: 'corr', causationId: 'cause', actor: 'user:9' } })).events;
    const r = relay();
    r.start();

    await waitFor(() => r.stats().published === 1);
    const [message] = await streamMessages(nc, stream);
    expect(message.subject).toBe(`${prefix}events.projects.Noted`);
    expect(message.msgId).toBe(appended.id);
    expect(message.headers).toMatchObject({ [Headers.correlationId]: 'corr', [Headers.causationId]: 'cause', [Headers.actor]: 'user:9' });
    expect(message.body).toEqual({ ...appended, service: 'projects', createdAt: appended.createdAt.toISOString(), transactionId: undefined });
    expect(await db.query('SELECT transaction_id::text AS t, global_position::int AS g FROM outbox_checkpoints')).toEqual([{ t: appended.transactionId, g: appended.globalPosition }]);
    expect(await r.backlog()).toBe(0);
  });

  it('publishes two transactions that commit out of order once each, in commit-safe order, skipping neither', async () => {
    const holding = new HoldingProjection();
    const store = new PostgresEventStore(db, { projections: [holding] });
    const batches: PublishedBatch[] = [];
    relay({ onPublished: (b) => batches.push(b) }).start();
    const early = store.appendToStream('early', [{ type: 'Held', data: {} }], { expectedVersion: 'no_stream' });
    await holding.entered;
    await store.appendToStream('late', [noted(1)], { expectedVersion: 'no_stream' });
    await new Promise((r) => setTimeout(r, 300));
    const whileOpen = batches.length;

    holding.release();
    await early;
    await waitFor(async () => (await storedIds()).length === 2);
    await new Promise((r) => setTimeout(r, 300));

    expect(whileOpen).toBe(0);
    const messages = await streamMessages(nc, stream);
    expect(messages.map((m) => m.body.streamId)).toEqual(['early', 'late']);
    expect(batches.flatMap((b) => b.events.map((e) => e.streamId))).toEqual(['early', 'late']);
  });

  it('continues after what JetStream holds when a crash left it out of the checkpoint, publishing nothing twice', async () => {
    const store = new PostgresEventStore(db);
    for (let i = 0; i < 5; i++) await store.appendToStream(`s-${i}`, [noted(i), noted(i)], { expectedVersion: 'no_stream' });
    const first = relay();
    first.start();
    await waitFor(() => first.stats().published === 10);
    await first.stop();
    // The checkpoint write of the last batches is lost, as if the process died between the acks and the UPDATE.
    await db.query(`UPDATE outbox_checkpoints SET transaction_id = '0', global_position = 0`);
    await store.appendToStream('s-after', [noted(99)], { expectedVersion: 'no_stream' });

    const second = relay();
    second.start();
    await waitFor(() => second.stats().published === 1);

    expect(second.stats()).toMatchObject({ published: 1, duplicates: 0, realignments: 1 });
    expect(await storedIds()).toEqual(await loggedIds());
  });

  it('loses nothing and duplicates nothing when the relay process is killed mid-stream and restarted', async () => {
    const store = new PostgresEventStore(db);
    const total = 3_000;
    for (let i = 0; i < total / 100; i++) {
      await store.appendToStreams(Array.from({ length: 10 }, (_, s) => ({ streamId: `k-${i}-${s}`, expectedVersion: 'no_stream' as const, events: Array.from({ length: 10 }, (_, n) => noted(n)) })));
    }
    const child = spawn(process.execPath, ['-r', './infra/register.cjs', 'libs/eventstore/src/testing/relay-process.ts'], {
      cwd: root,
      env: { ...process.env, RELAY_DATABASE_URL: TEST_DATABASE_URL, RELAY_SCHEMA: db.schema, RELAY_NATS_URL: TEST_NATS_URL, RELAY_PREFIX: prefix, RELAY_BATCH_SIZE: '20' },
      stdio: 'ignore',
    });
    const exited = new Promise((r) => child.once('exit', r));
    await waitFor(async () => (await jsm.streams.info(stream)).state.messages >= 500, 30_000, 5);
    child.kill('SIGKILL');
    await exited;
    const atKill = (await jsm.streams.info(stream)).state.messages;

    const restarted = relay({ batchSize: 200 });
    restarted.start();
    await waitFor(async () => (await restarted.backlog()) === 0, 30_000);

    expect(atKill).toBeLessThan(total);
    expect(await storedIds()).toEqual(await loggedIds());
  });

  it('relays from one instance at a time and hands over when it stops', async () => {
    const store = new PostgresEventStore(db);
    const a = relay();
    const b = relay();
    a.start();
    b.start();
    await store.appendToStream('x', [noted(1)], { expectedVersion: 'no_stream' });
    await waitFor(() => a.stats().published + b.stats().published === 1);
    const [leader, standby] = a.stats().leader ? [a, b] : [b, a];

    await leader.stop();
    await store.appendToStream('x', [noted(2)], { expectedVersion: 1 });
    await waitFor(() => standby.stats().published === 1);

    expect(standby.stats().leader).toBe(true);
    expect(await storedIds()).toEqual(await loggedIds());
  });
});
