import { eventStreamName } from '@strata/contracts';
import type { NatsConnection } from 'nats';
import { PostgresEventStore } from '../event-store';
import { eventStoreForSpecs, natsPrefix, PrivateNatsServer, streamMessages, waitFor } from '../testing/fixtures';
import { START } from '../checkpoint';
import { moveCheckpoint } from './checkpoint-store';
import { ensureEventStream } from '@strata/messaging';
import { OutboxRelay, type OutboxRelayOptions } from './outbox-relay';

/**
 * JetStream holds a copy of the log; Postgres is the truth (SPEC §3). Whatever the broker loses or holds twice, the
 * stream ends up the log in relay order, each event exactly once.
 */
describe('OutboxRelay when JetStream loses or gains what it was sent', () => {
  let server: PrivateNatsServer;
  let nc: NatsConnection;
  const { db } = eventStoreForSpecs('eventstore_outage');
  const store = new PostgresEventStore(db);
  let prefix: string;
  let stream: string;
  const relays: OutboxRelay[] = [];

  beforeAll(async () => {
    server = await PrivateNatsServer.start();
    nc = await server.connect();
  });

  beforeEach(async () => {
    prefix = natsPrefix();
    stream = eventStreamName('projects', prefix);
    await db.query('TRUNCATE events, outbox_checkpoints');
    await ensureEventStream(await nc.jetstreamManager(), 'projects', prefix, { duplicateWindowMs: 300_000 });
  });

  afterEach(async () => {
    await Promise.all(relays.splice(0).map((relay) => relay.stop()));
  });

  afterAll(async () => {
    await nc.close();
    await server.destroy();
  });

  const relay = (options: Partial<OutboxRelayOptions> = {}): OutboxRelay => {
    const created = new OutboxRelay({ db, nats: nc, service: 'projects', prefix, batchSize: 25, publishTimeoutMs: 500, backoff: { initialMs: 50, maxMs: 400 }, ...options });
    relays.push(created);
    created.start();
    return created;
  };
  const appendMany = async (from: number, count: number) => {
    for (let i = from; i < from + count; i++) await store.appendToStream(`s-${i}`, [{ type: 'Noted', data: { i } }], { expectedVersion: 'no_stream' });
  };
  const loggedIds = async () => (await db.query<{ id: string }>('SELECT id FROM events ORDER BY transaction_id, global_position')).map((r) => r.id);
  const storedIds = async () => (await streamMessages(nc, stream)).map((m) => m.msgId);
  /** The stream is the log: every event once, in relay order (false while NATS is not answering yet). */
  const streamIsTheLog = async () => {
    try {
      const logged = await loggedIds();
      const info = await (await nc.jetstreamManager()).streams.info(stream);
      if (info.state.messages !== logged.length) return false;
      return JSON.stringify(await storedIds()) === JSON.stringify(logged);
    } catch {
      return false;
    }
  };

  it('once a SIGKILLed server is back, has every event in JetStream exactly once — even what the server had acknowledged and lost', async () => {
    const r = relay();

    await appendMany(0, 200);
    await waitFor(() => r.stats().published >= 200);
    const outage = appendMany(200, 300);
    await waitFor(() => r.stats().published >= 220, 30_000, 5);
    await server.kill();
    await outage;
    await server.restart();
    await appendMany(500, 100);

    await waitFor(streamIsTheLog, 60_000, 100);
  });

  it('publishes again the tail a store restored from an older backup no longer has', async () => {
    const r = relay();
    await appendMany(0, 150);
    await waitFor(streamIsTheLog, 30_000, 50);
    await server.stop();
    const backup = server.backup();
    await server.restart();
    await appendMany(150, 150);
    await waitFor(streamIsTheLog, 30_000, 50);

    await server.stop();
    server.restore(backup);
    await server.restart();

    // Nothing new is appended: the reconnection alone makes the relay look at the stream's end.
    await waitFor(streamIsTheLog, 30_000, 50);
    expect(r.stats().realignments).toBeGreaterThan(0);
  });

  it('does not publish again what a dead leader published past its stored checkpoint', async () => {
    const first = relay();
    await appendMany(0, 60);
    await waitFor(streamIsTheLog, 30_000, 50);
    await first.stop();
    // As if the leader died after its acks but before storing its checkpoint.
    await moveCheckpoint(db, 'jetstream', START);

    const next = relay();
    await appendMany(60, 10);
    await waitFor(streamIsTheLog, 30_000, 50);
    // The stream has them once the acks arrived; the relay counts them once their checkpoint is stored.
    await waitFor(() => next.stats().published === 10, 30_000, 50);
    expect(next.stats()).toMatchObject({ published: 10, duplicates: 0, realignments: 1 });
  });

  it('publishes again on request what JetStream no longer remembers, and afterwards goes on after its own position', async () => {
    const jsm = await nc.jetstreamManager();
    await jsm.streams.delete(stream);
    await ensureEventStream(jsm, 'projects', prefix, { duplicateWindowMs: 100 });
    const r = relay({ verifyIntervalMs: 0 });
    await appendMany(0, 5);
    await waitFor(streamIsTheLog, 30_000, 50);
    // A precondition, not a race: past the duplicate window JetStream stores a republished event again.
    await new Promise((resolve) => setTimeout(resolve, 300));

    expect(await r.republishFrom(START)).toBe(true);
    await waitFor(() => r.stats().published === 10, 30_000, 50);
    await appendMany(5, 2);
    await waitFor(() => r.stats().published === 12, 30_000, 50);

    const logged = await loggedIds();
    expect(await storedIds()).toEqual([...logged.slice(0, 5), ...logged.slice(0, 5), ...logged.slice(5)]);
    // Every step realigned on the stream's end, an old event: its relay position kept the relay where it was.
    expect(r.stats()).toMatchObject({ realignments: 0, failures: 0 });
  });
});
