import { randomUUID } from 'node:crypto';
import { deadLetterStreamName, deadLetterSubject, eventStreamName, eventSubject, Headers, serviceEventsFilter, type EventEnvelope, type MessageContext } from '@strata/contracts';
import { Database, migrate, Migration, type Transaction } from '@strata/database';
import { headers as natsHeaders, type JetStreamManager, type NatsConnection } from 'nats';
import { currentContext } from './context';
import { DeadLetterHeaders } from './dead-letter';
import { EventConsumer, type EventConsumerOptions } from './event-consumer';
import { closeNats, connectNats } from './nats-connection';
import { messagingMigrations } from './processed-events';
import { eventually, gate, sleep, TEST_DATABASE_URL, TEST_NATS_URL, testNamespace } from '@strata/testing';
import { ensureDeadLetterStream, ensureStream } from './streams';

class CreateTallies extends Migration {
  override async up(): Promise<void> {
    this.addSql('CREATE TABLE tallies (name text PRIMARY KEY, count int NOT NULL)');
  }
}

const { schema, prefix } = testNamespace('messaging_consumer');
const stream = eventStreamName('projects', prefix);
const encoder = new TextEncoder();

describe('EventConsumer', () => {
  let nc: NatsConnection;
  let jsm: JetStreamManager;
  let db: Database;
  const consumers: EventConsumer[] = [];

  beforeAll(async () => {
    nc = await connectNats({ url: TEST_NATS_URL, name: 'messaging-consumer-spec' });
    jsm = await nc.jetstreamManager();
    await ensureStream(jsm, { name: stream, subjects: [serviceEventsFilter('projects', prefix)] });
    await ensureDeadLetterStream(jsm, { service: 'taxonomy', prefix });
    await migrate({ url: TEST_DATABASE_URL, schema, migrations: [...messagingMigrations, { name: 'tallies', class: CreateTallies }] });
    db = new Database({ url: TEST_DATABASE_URL, schema });
  });

  afterAll(async () => {
    await Promise.all(consumers.map((consumer) => consumer.stop()));
    await jsm.streams.delete(stream).catch(() => undefined);
    await jsm.streams.delete(deadLetterStreamName('taxonomy', prefix)).catch(() => undefined);
    await closeNats(nc);
    await db.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await db.close();
  });

  async function startConsumer(options: Pick<EventConsumerOptions, 'name' | 'handle'> & Partial<EventConsumerOptions>): Promise<EventConsumer> {
    const consumer = new EventConsumer({
      nc,
      db,
      service: 'taxonomy',
      stream,
      prefix,
      filterSubjects: [eventSubject('projects', `${options.name}.*`, prefix)],
      maxDeliver: 3,
      backoffMs: [50, 100],
      logger: silentLogger,
      ...options,
    });
    consumers.push(consumer);
    await consumer.start();
    return consumer;
  }

  async function publish(consumer: string, type: string, envelope: EventEnvelope | Uint8Array, msgID: string = randomUUID()): Promise<number> {
    const headers = natsHeaders();
    headers.set(Headers.correlationId, 'corr-from-header');
    const body = envelope instanceof Uint8Array ? envelope : encoder.encode(JSON.stringify(envelope));
    // As the outbox relay publishes: the expected stream is stored with the message (and must not follow it to the DLQ).
    const ack = await nc.jetstream().publish(eventSubject('projects', `${consumer}.${type}`, prefix), body, { headers, msgID, expect: { streamName: stream } });
    return ack.seq;
  }

  function tally(tx: Transaction, name: string): Promise<unknown> {
    return tx.query('INSERT INTO tallies VALUES ($1, 1) ON CONFLICT (name) DO UPDATE SET count = tallies.count + 1', [name]);
  }

  async function tallyOf(name: string): Promise<number> {
    const rows = await db.query<{ count: number }>('SELECT count FROM tallies WHERE name = $1', [name]);
    return rows[0]?.count ?? 0;
  }

  it('applies an event published twice under different message ids once, in the context of its metadata', async () => {
    const contexts: (MessageContext | undefined)[] = [];
    await startConsumer({
      name: 'twice',
      handle: async (envelope, tx) => {
        contexts.push(currentContext());
        await tally(tx, `twice-${envelope.streamId}`);
      },
    });
    const repeated = envelopeOf('Created', 'a', { correlationId: 'corr-1', actor: 'user:7' });

    await publish('twice', 'Created', repeated, 'first-copy');
    await publish('twice', 'Created', repeated, 'second-copy');
    await publish('twice', 'Created', envelopeOf('Created', 'b'));

    await eventually(async () => expect(await tallyOf('twice-b')).toBe(1));
    expect(await tallyOf('twice-a')).toBe(1);
    expect(contexts[0]).toEqual({ correlationId: 'corr-1', causationId: repeated.id, actor: 'user:7' });
    expect(contexts[1]).toMatchObject({ correlationId: 'corr-from-header', actor: 'anonymous' });
  });

  it('rebuilds its read model from the first event of the stream after a replay', async () => {
    const rows = () => db.query("SELECT name, count FROM tallies WHERE name LIKE 'replayed-%' ORDER BY name");
    const consumer = await startConsumer({
      name: 'replayed',
      handle: (envelope, tx) => tally(tx, `replayed-${envelope.streamId}`).then(() => undefined),
      reset: (tx) => tx.query("DELETE FROM tallies WHERE name LIKE 'replayed-%'").then(() => undefined),
    });
    for (const streamId of ['a', 'a', 'b']) await publish('replayed', 'Counted', envelopeOf('Counted', streamId));
    await eventually(async () => expect(await tallyOf('replayed-b')).toBe(1));
    const live = await rows();

    await consumer.stop();
    await db.query("UPDATE tallies SET count = 99 WHERE name LIKE 'replayed-%'");
    await consumer.replayFromStart();
    const emptied = await rows();
    await consumer.start();

    expect(live).toEqual([{ name: 'replayed-a', count: 2 }, { name: 'replayed-b', count: 1 }]);
    expect(emptied).toEqual([]);
    await eventually(async () => expect(await rows()).toEqual(live));
  });

  it('applies an event redelivered after its ack wait expired once', async () => {
    let calls = 0;
    await startConsumer({
      name: 'redelivered',
      ackWaitMs: 1_000,
      handle: async (_envelope, tx) => {
        calls += 1;
        // Outlives the ack wait, so JetStream redelivers while the first delivery is still being applied.
        if (calls === 1) await sleep(1_600);
        await tally(tx, 'redelivered');
      },
    });

    await publish('redelivered', 'Created', envelopeOf('Created', 'x'));

    await eventually(async () => {
      const info = await jsm.consumers.info(stream, 'redelivered');
      // One stream message, two deliveries: the redelivery happened and was acknowledged too.
      expect(info.delivered.consumer_seq).toBeGreaterThanOrEqual(2);
      expect(info.num_ack_pending).toBe(0);
    });
    expect(calls).toBe(1);
    expect(await tallyOf('redelivered')).toBe(1);
  });

  it('dead-letters an event whose handler keeps failing after the configured attempts, then moves on', async () => {
    const seen: string[] = [];
    await startConsumer({
      name: 'failing',
      handle: async (envelope, tx) => {
        seen.push(envelope.type);
        if (envelope.type === 'Broken') throw new Error('read model rejects it');
        await tally(tx, 'failing');
      },
    });
    const broken = envelopeOf('Broken', 'x', { correlationId: 'corr-broken' });

    const sequence = await publish('failing', 'Broken', broken, 'broken-id');
    await publish('failing', 'Fine', envelopeOf('Fine', 'y'));

    await eventually(async () => expect(await tallyOf('failing')).toBe(1));
    expect(seen).toEqual(['Broken', 'Broken', 'Broken', 'Fine']);
    const letter = await jsm.streams.getMessage(deadLetterStreamName('taxonomy', prefix), { last_by_subj: deadLetterSubject('taxonomy', 'failing', prefix) });
    expect(JSON.parse(new TextDecoder().decode(letter.data))).toEqual(broken);
    expect(letter.header.get(Headers.correlationId)).toBe('corr-from-header');
    expect(letter.header.get(DeadLetterHeaders.reason)).toBe('read model rejects it');
    expect(letter.header.get(DeadLetterHeaders.attempts)).toBe('3');
    expect(letter.header.get(DeadLetterHeaders.subject)).toBe(eventSubject('projects', 'failing.Broken', prefix));
    expect(letter.header.get(DeadLetterHeaders.stream)).toBe(stream);
    expect(letter.header.get(DeadLetterHeaders.streamSequence)).toBe(String(sequence));
    expect(letter.header.get(DeadLetterHeaders.originalMsgId)).toBe('broken-id');
  });

  it('dead-letters an undecodable event at once', async () => {
    let calls = 0;
    await startConsumer({
      name: 'poisoned',
      handle: async (_envelope, tx) => {
        calls += 1;
        await tally(tx, 'poisoned');
      },
    });

    await publish('poisoned', 'Garbage', encoder.encode('{not json'));
    await publish('poisoned', 'Fine', envelopeOf('Fine', 'y'));

    await eventually(async () => expect(await tallyOf('poisoned')).toBe(1));
    expect(calls).toBe(1);
    const letter = await jsm.streams.getMessage(deadLetterStreamName('taxonomy', prefix), { last_by_subj: deadLetterSubject('taxonomy', 'poisoned', prefix) });
    expect(new TextDecoder().decode(letter.data)).toBe('{not json');
    expect(letter.header.get(DeadLetterHeaders.attempts)).toBe('1');
    expect(letter.header.get(DeadLetterHeaders.reason)).toContain('not valid JSON');
  });

  it('stops gracefully: the event in hand is applied and acknowledged before stop resolves', async () => {
    const held = gate();
    const entered = gate();
    const consumer = await startConsumer({
      name: 'stopping',
      handle: async (_envelope, tx) => {
        entered.open();
        await held.promise;
        await tally(tx, 'stopping');
      },
    });
    await publish('stopping', 'Created', envelopeOf('Created', 'x'));
    await entered.promise;

    let stopped = false;
    const stopping = consumer.stop().then(() => (stopped = true));
    await sleep(200);
    expect(stopped).toBe(false);
    held.open();
    await stopping;

    expect(await tallyOf('stopping')).toBe(1);
    await eventually(async () => expect((await jsm.consumers.info(stream, 'stopping')).num_ack_pending).toBe(0));
  });
});

function envelopeOf(type: string, streamId: string, metadata: EventEnvelope['metadata'] = {}): EventEnvelope {
  return { id: randomUUID(), service: 'projects', streamId, streamPosition: 1, globalPosition: 1, type, data: {}, metadata, createdAt: new Date().toISOString() };
}

const silentLogger = { log: () => undefined, warn: () => undefined, error: () => undefined };
