import { randomUUID } from 'node:crypto';
import { eventStreamName, eventSubject, type EventEnvelope, type projects } from '@strata/contracts';
import { Database, migrate, Migration, type Transaction } from '@strata/database';
import type { RecordedEvent } from './service-events';
import { consume, type ConsumeOptions } from './consume';
import type { EventConsumer } from './event-consumer';
import { messagingMigrations } from './processed-events';
import { eventually, SpecNats, TEST_DATABASE_URL, testNamespace } from '@strata/testing';
import { ensureDeadLetterStream, ensureEventStream } from './streams';

class CreateSeen extends Migration {
  override async up(): Promise<void> {
    this.addSql('CREATE TABLE seen (consumer text NOT NULL, line text NOT NULL)');
  }
}

const { schema, prefix: runPrefix } = testNamespace('messaging_consume');
const encoder = new TextEncoder();
const Listed = ['ProjectCreated', 'EnvironmentRenamed'] as const;

describe('consume', () => {
  const nats = SpecNats.forSpecs('messaging-consume-spec', runPrefix, (jsm, prefix) => ensureEventStream(jsm, 'projects', prefix));
  let db: Database;

  beforeAll(async () => {
    await ensureDeadLetterStream(nats.jsm, { service: 'taxonomy', prefix: runPrefix });
    await migrate({ url: TEST_DATABASE_URL, schema, migrations: [...messagingMigrations, { name: 'seen', class: CreateSeen }] });
    db = new Database({ url: TEST_DATABASE_URL, schema });
  });

  afterAll(async () => {
    await db.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await db.close();
  });


  async function start<const T extends projects.ProjectsEventType>(options: Omit<ConsumeOptions<'projects', T>, 'nc' | 'db' | 'service' | 'from'>): Promise<EventConsumer> {
    const consumer = consume({ nc: nats.nc, db, service: 'taxonomy', from: 'projects', maxDeliver: 3, backoffMs: [50], logger: silentLogger, ...options });
    nats.running.push(consumer);
    await consumer.start();
    return consumer;
  }

  async function publish(prefix: string, envelope: EventEnvelope | { type: string; body: Uint8Array }, msgID: string = randomUUID()): Promise<void> {
    const body = 'body' in envelope ? envelope.body : encoder.encode(JSON.stringify(envelope));
    await nats.nc.jetstream().publish(eventSubject('projects', envelope.type, prefix), body, { msgID });
  }

  function see(tx: Transaction, consumer: string, line: string): Promise<unknown> {
    return tx.query('INSERT INTO seen (consumer, line) VALUES ($1, $2)', [consumer, line]);
  }

  async function seen(consumer: string): Promise<string[]> {
    const rows = await db.query<{ line: string }>('SELECT line FROM seen WHERE consumer = $1 ORDER BY line', [consumer]);
    return rows.map((row) => row.line);
  }

  it('hands the handler only the listed types, narrowed, and skips the others without recording them', async () => {
    const prefix = await nats.ownStream('narrow');
    await start({
      name: 'narrow',
      prefix,
      events: Listed,
      handle: async (event, tx) => {
        // Compiles only because the event is narrowed: each branch reads its own type's data.
        const line = event.type === 'ProjectCreated' ? `project ${event.data.name}` : `environment ${event.data.environmentId} named ${event.data.name}`;
        await see(tx, 'narrow', `${line} @${event.streamId}:${event.streamPosition}`);
      },
    });
    const renamed = envelopeOf({ type: 'ProjectRenamed', data: { projectId: 1, name: 'b' } });

    await publish(prefix, envelopeOf({ type: 'ProjectCreated', data: projectCreatedData(1, 'a') }, 1));
    await publish(prefix, renamed);
    await publish(prefix, { type: 'OrganizationRenamed', body: encoder.encode('{not json') });
    await publish(prefix, envelopeOf({ type: 'EnvironmentRenamed', data: { environmentId: 2, projectId: 1, name: 'dev' } }, 2));

    await eventually(async () => expect(await seen('narrow')).toHaveLength(2));
    expect(await seen('narrow')).toEqual(['environment 2 named dev @project-1:2', 'project a @project-1:1']);
    const recorded = await db.query<{ event_id: string }>("SELECT event_id FROM processed_events WHERE consumer = 'narrow'");
    expect(recorded.map((row) => row.event_id)).not.toContain(renamed.id);
    expect(recorded).toHaveLength(2);
    await eventually(async () => expect((await nats.jsm.consumers.info(eventStreamName('projects', prefix), 'narrow')).num_ack_pending).toBe(0));
  });

  it('applies an event published twice under different message ids once', async () => {
    const prefix = await nats.ownStream('twice');
    await start({
      name: 'twice',
      prefix,
      events: ['ProjectCreated'],
      handle: (event, tx) => see(tx, 'twice', event.data.name).then(() => undefined),
    });
    const repeated = envelopeOf({ type: 'ProjectCreated', data: projectCreatedData(1, 'once') });

    await publish(prefix, repeated, 'first-copy');
    await publish(prefix, repeated, 'second-copy');
    await publish(prefix, envelopeOf({ type: 'ProjectCreated', data: projectCreatedData(2, 'other') }));

    await eventually(async () => expect(await seen('twice')).toContain('other'));
    expect(await seen('twice')).toEqual(['once', 'other']);
  });

  it('lets the server filter a single listed type', async () => {
    const prefix = await nats.ownStream('single');
    await start({ name: 'single', prefix, events: ['ProjectDeleted'], handle: async () => undefined });

    const info = await nats.jsm.consumers.info(eventStreamName('projects', prefix), 'single');

    expect(info.config.filter_subject).toBe(eventSubject('projects', 'ProjectDeleted', prefix));
  });
});

type ProjectsEventOf<T extends projects.ProjectsEventType> = Extract<projects.ProjectsEvent, { type: T }>;

function envelopeOf<T extends projects.ProjectsEventType>(event: ProjectsEventOf<T>, streamPosition = 1): RecordedEvent<'projects', T> & EventEnvelope {
  const recorded = { id: randomUUID(), service: 'projects', streamId: 'project-1', streamPosition, globalPosition: streamPosition, metadata: {}, createdAt: new Date().toISOString() };
  return { ...recorded, ...event };
}

function projectCreatedData(projectId: number, name: string): ProjectsEventOf<'ProjectCreated'>['data'] {
  return { projectId, organizationId: 'org-1', name, defaultEnvironmentId: projectId, createdAt: '' };
}

const silentLogger = { log: () => undefined, warn: () => undefined, error: () => undefined };
