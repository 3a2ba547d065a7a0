import { eventStreamName } from '@strata/contracts';
import type { NatsConnection } from 'nats';
import { PostgresEventStore } from '../event-store';
import { eventStoreForSpecs, natsPrefix, PrivateNatsServer, streamMessages, waitFor } from '../testing/fixtures';
import { ensureEventStream } from './ensure-event-stream';
import { OutboxRelay } from './outbox-relay';

describe('OutboxRelay across a NATS outage', () => {
  const prefix = natsPrefix();
  const stream = eventStreamName('projects', prefix);
  let server: PrivateNatsServer;
  let nc: NatsConnection;
  const { db } = eventStoreForSpecs('eventstore_outage');

  beforeAll(async () => {
    server = await PrivateNatsServer.start();
    nc = await server.connect();
    await ensureEventStream(await nc.jetstreamManager(), 'projects', prefix, { duplicateWindowMs: 300_000 });
  });

  afterAll(async () => {
    await nc.close();
    await server.destroy();
  });

  it('backs off while NATS is down and, once it is back, has every event in JetStream exactly once', async () => {
    const store = new PostgresEventStore(db);
    const failures: unknown[] = [];
    const logger = { info: () => undefined, warn: (context: Record<string, unknown>) => void failures.push(context.err), error: () => undefined };
    const relay = new OutboxRelay({ db, nats: nc, service: 'projects', prefix, batchSize: 25, publishTimeoutMs: 500, backoff: { initialMs: 50, maxMs: 400 }, logger });
    relay.start();
    const appendMany = async (from: number, count: number) => {
      for (let i = from; i < from + count; i++) await store.appendToStream(`s-${i}`, [{ type: 'Noted', data: { i } }], { expectedVersion: 'no_stream' });
    };

    await appendMany(0, 200);
    await waitFor(() => relay.stats().published === 200);
    const outage = appendMany(200, 300);
    await new Promise((r) => setTimeout(r, 20));
    await server.kill();
    await outage;
    await new Promise((r) => setTimeout(r, 1_500));
    const publishedDuringOutage = relay.stats().published;
    await server.restart();
    await appendMany(500, 100);
    await waitFor(async () => (await relay.backlog()) === 0, 30_000, 50);
    await relay.stop();

    const ids = (await streamMessages(nc, stream)).map((m) => m.msgId);
    const logged = (await db.query<{ id: string }>('SELECT id FROM events ORDER BY id')).map((r) => r.id);
    expect(failures.length).toBeGreaterThan(0);
    expect(publishedDuringOutage).toBeLessThan(600);
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(logged);
  });
});
