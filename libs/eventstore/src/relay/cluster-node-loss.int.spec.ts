import { eventStreamName } from '@strata/contracts';
import { AckPolicy, type Consumer, type NatsConnection } from 'nats';
import { PostgresEventStore } from '../event-store';
import { eventStoreForSpecs, natsPrefix, PrivateNatsCluster, waitFor } from '../testing/fixtures';
import { ensureEventStream } from '@strata/messaging';
import { OutboxRelay } from './outbox-relay';

const EVENTS = 9_000;
const APPENDS_PER_SECOND = 2_000;
const APPENDERS = 16;

/** SPEC §3/§8: a cluster of 3 with R3 streams loses a node under load and no consumer misses an event. */
describe('an R3 event stream on a NATS cluster of 3 losing a node under load', () => {
  const prefix = natsPrefix();
  const stream = eventStreamName('projects', prefix);
  const { db } = eventStoreForSpecs('eventstore_cluster', 16);
  let cluster: PrivateNatsCluster;
  let nc: NatsConnection;

  beforeAll(async () => {
    cluster = await PrivateNatsCluster.start(3);
    nc = await cluster.connect();
    const jsm = await nc.jetstreamManager();
    await ensureEventStream(jsm, 'projects', prefix, { replicas: 3, duplicateWindowMs: 300_000 });
    // A durable with the stream's replicas (num_replicas 0 = the stream's), as `consume()` creates them.
    await jsm.consumers.add(stream, { durable_name: 'reader', ack_policy: AckPolicy.Explicit, ack_wait: 5_000_000_000 });
  }, 60_000);

  afterAll(async () => {
    await nc?.close();
    await cluster?.destroy();
  });

  it('gives the consumer every appended event after the stream leader is SIGKILLed mid-load', async () => {
    const jsm = await nc.jetstreamManager();
    const info = await jsm.streams.info(stream);
    expect(info.config.num_replicas).toBe(3);
    expect(info.cluster?.replicas).toHaveLength(2);
    expect((await jsm.consumers.info(stream, 'reader')).cluster?.replicas).toHaveLength(2);

    const store = new PostgresEventStore(db);
    let killedAt = Number.POSITIVE_INFINITY;
    let resumedAt: number | undefined;
    // The relay as the services run it: its default publish timeout and backoff decide how soon it publishes again.
    const relay = new OutboxRelay({
      db, nats: nc, service: 'projects', prefix,
      onPublished: (batch) => {
        if (resumedAt === undefined && batch.ackedAt > killedAt) resumedAt = batch.ackedAt;
      },
    });
    relay.start();
    const received = new Set<string>();
    const reading = readAll(await nc.jetstream().consumers.get(stream, 'reader'), received);

    const leader = cluster.node(info.cluster!.leader!);
    let next = 0;
    let slowestAppendMs = 0;
    const started = Date.now();
    const appender = async () => {
      for (let i = next++; i < EVENTS; i = next++) {
        const due = started + (i * 1_000) / APPENDS_PER_SECOND;
        if (due > Date.now()) await new Promise((r) => setTimeout(r, due - Date.now()));
        if (i === EVENTS / 3) {
          await leader.kill();
          killedAt = Date.now();
        }
        const before = Date.now();
        await store.appendToStream(`s-${i}`, [{ type: 'Noted', data: { i } }], { expectedVersion: 'no_stream' });
        slowestAppendMs = Math.max(slowestAppendMs, Date.now() - before);
      }
    };
    await Promise.all(Array.from({ length: APPENDERS }, appender));
    const loadSeconds = (Date.now() - started) / 1_000;

    await waitFor(async () => (await relay.backlog()) === 0, 120_000, 100);
    const publishedSeconds = (Date.now() - started) / 1_000;
    const logged = (await db.query<{ id: string }>('SELECT id FROM events ORDER BY id')).map((r) => r.id);
    await waitFor(() => received.size >= logged.length, 120_000, 100);
    const receivedSeconds = (Date.now() - started) / 1_000;
    reading.stop();
    await relay.stop();

    const inStream = (await jsm.streams.info(stream)).state.messages;
    process.stdout.write(
      `cluster node loss: ${EVENTS} appends in ${loadSeconds.toFixed(1)} s (${Math.round(EVENTS / loadSeconds)}/s, slowest append ${slowestAppendMs} ms); ` +
        `stream leader ${info.cluster!.leader} killed; relay publishing again after ${resumedAt === undefined ? 'n/a' : `${Math.round(resumedAt - killedAt)} ms`}; ` +
        `all published at ${publishedSeconds.toFixed(1)} s, all received at ${receivedSeconds.toFixed(1)} s; ${inStream} messages in the stream\n`,
    );
    expect(logged).toHaveLength(EVENTS);
    expect([...received].sort()).toEqual(logged);
    expect(inStream).toBe(logged.length);
  }, 300_000);
});

/** Fetches and acks until stopped, across the node loss (a failed fetch is tried again); ids land in `into`. */
function readAll(consumer: Consumer, into: Set<string>): { stop: () => void } {
  let stopped = false;
  void (async () => {
    while (!stopped) {
      try {
        const batch = await consumer.fetch({ max_messages: 500, expires: 1_000 });
        for await (const message of batch) {
          into.add(message.headers?.get('Nats-Msg-Id') ?? '');
          message.ack();
        }
      } catch {
        await new Promise((r) => setTimeout(r, 100));
      }
    }
  })();
  return { stop: () => void (stopped = true) };
}
