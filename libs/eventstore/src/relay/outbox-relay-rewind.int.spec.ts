import { eventStreamName } from '@strata/contracts';
import type { Database } from '@strata/database';
import { connect, type JetStreamManager, type NatsConnection, StorageType } from 'nats';
import { PostgresEventStore } from '../event-store';
import { eventStoreSchema, natsPrefix, streamMessages, TEST_NATS_URL, waitFor } from '../testing/fixtures';
import type { Event } from '../types';
import { checkpointBefore, loadCheckpoint, RELAY_CHECKPOINT } from './checkpoint-store';
import { ensureEventStream } from '@strata/messaging';
import { OutboxRelay } from './outbox-relay';

type Noted = Event<'Noted', { n: number }>;
const noted = (n: number): Noted => ({ type: 'Noted', data: { n } });

describe('OutboxRelay.republishFrom (an operator’s republish)', () => {
  const prefix = natsPrefix();
  const stream = eventStreamName('projects', prefix);
  let nc: NatsConnection;
  let jsm: JetStreamManager;
  let db: Database;
  let drop: () => Promise<void>;
  const relays: OutboxRelay[] = [];

  beforeAll(async () => {
    nc = await connect({ servers: TEST_NATS_URL });
    jsm = await nc.jetstreamManager();
    ({ db, drop } = await eventStoreSchema('eventstore_relay_rewind'));
    await ensureEventStream(jsm, 'projects', prefix, { duplicateWindowMs: 120_000, storage: StorageType.Memory });
  });

  afterAll(async () => {
    await Promise.all(relays.map((r) => r.stop()));
    await jsm.streams.delete(stream);
    await drop();
    await nc.drain();
  });

  it('is done by the leader alone: it publishes again from the position asked, JetStream keeps one copy of each event', async () => {
    const store = new PostgresEventStore(db);
    for (let n = 1; n <= 5; n++) await store.appendToStream(`s-${n}`, [noted(n)], { expectedVersion: 'no_stream' });
    for (let i = 0; i < 2; i++) relays.push(new OutboxRelay({ db, nats: nc, service: 'projects', prefix, pollIntervalMs: 100 }));
    for (const relay of relays) relay.start();
    await waitFor(async () => (await streamMessages(nc, stream)).length === 5);
    await waitFor(() => relays.some((r) => r.stats().leader));
    const leader = relays.find((r) => r.stats().leader) as OutboxRelay;
    const follower = relays.find((r) => r !== leader) as OutboxRelay;
    const end = await loadCheckpoint(db, RELAY_CHECKPOINT);

    const from = await checkpointBefore(db, 3);
    expect(from).toEqual({ transactionId: expect.any(String), globalPosition: 2 });
    expect(await follower.republishFrom(from!)).toBe(false);
    expect(await leader.republishFrom(from!)).toBe(true);

    await waitFor(() => leader.stats().duplicates === 3);
    expect(await loadCheckpoint(db, RELAY_CHECKPOINT)).toEqual(end);
    const ids = (await db.query<{ id: string }>('SELECT id FROM events ORDER BY global_position')).map((row) => row.id);
    expect((await streamMessages(nc, stream)).map((m) => m.msgId)).toEqual(ids);
    expect(await checkpointBefore(db, 6)).toBeNull();
  });
});
