import { eventStreamName } from '@strata/contracts';
import { type Database, Migration } from '@strata/database';
import type { InlineProjection, PostgresEventStore } from '@strata/eventstore';
import { consume } from '@strata/messaging';
import { eventSourcedService, modelAge, startService, type StartedService } from '@strata/service-kit';
import { eventually, freePort, IntegrationKit, strata } from '@strata/testing';
import { Module } from '@nestjs/common';

/** What `strata admin` works on: a service with a read model of its own log (`notes`) and a consumer (`projects-echo`). */
class CreateFixtureTables extends Migration {
  override async up(): Promise<void> {
    this.addSql('CREATE TABLE notes (event_id uuid PRIMARY KEY, name text NOT NULL)');
    this.addSql('CREATE TABLE echoes (event_id uuid PRIMARY KEY)');
    // The echo handler's fault, switched on and off by the spec: a handler that fails until it is fixed.
    this.addSql('CREATE TABLE handler_fault (broken boolean NOT NULL)');
    this.addSql('INSERT INTO handler_fault VALUES (false)');
  }
}

const notes: InlineProjection = {
  name: 'notes',
  handles: ['ProjectRenamed'],
  async apply(events, tx) {
    for (const event of events) await tx.query('INSERT INTO notes (event_id, name) VALUES ($1, $2)', [event.id, (event.data as { name: string }).name]);
  },
  async reset(tx) {
    await tx.query('DELETE FROM notes');
  },
};

@Module({})
class NothingServedOverNest {}

/** Each `strata` run is a process compiling its source: on a loaded machine a check through it takes seconds. */
const CLI_DEADLINE_MS = 60_000;
jest.setTimeout(4 * CLI_DEADLINE_MS);

describe('strata admin (SPEC §12) against a running service', () => {
  const kit = IntegrationKit.create();
  const env = { NATS_URL: kit.natsUrl, NATS_PREFIX: kit.natsPrefix };
  let service: StartedService;
  let store: PostgresEventStore;
  let db: Database;
  let renamed = 0;

  const admin = async <T>(...args: string[]): Promise<T> => {
    const run = await strata(['admin', ...args, '--json'], env);
    if (run.code !== 0) throw new Error(`strata admin ${args.join(' ')} exited ${run.code}: ${run.stderr}`);
    return JSON.parse(run.stdout) as T;
  };
  const rename = async () => {
    renamed += 1;
    const [result] = await store.appendToStreams([{ streamId: `project-${renamed}`, expectedVersion: 'no_stream', events: [{ type: 'ProjectRenamed', data: { name: `name ${renamed}` } }] }]);
    return result.events[0].id;
  };
  const ids = async (table: string) => (await db.query<{ event_id: string }>(`SELECT event_id FROM ${table} ORDER BY event_id`)).map((row) => row.event_id);
  const scrape = async () => (await fetch(`http://127.0.0.1:${service.config.PORT}/metrics`)).text();
  const relay = async () => (await admin<{ leader: string | null; backlog: number; duplicates: number; instances: string[] }[]>('relays', 'projects'))[0];

  beforeAll(async () => {
    const options = eventSourcedService({
      name: 'projects',
      env: { ...kit.serviceEnv('projects'), PORT: String(await freePort()), LOG_LEVEL: process.env.SPEC_LOG ?? 'error' },
      module: () => NothingServedOverNest,
      migrations: [{ name: 'admin-spec-001', class: CreateFixtureTables }],
      projections: [notes],
      consumers: ({ nats, database, config }) => [
        consume({
          nc: nats,
          db: database,
          service: 'projects',
          name: 'projects-echo',
          from: 'projects',
          events: ['ProjectRenamed'],
          prefix: config.NATS_PREFIX,
          maxDeliver: 2,
          backoffMs: [10],
          handle: async (event, tx) => {
            const [fault] = await tx.query<{ broken: boolean }>('SELECT broken FROM handler_fault');
            if (fault.broken) throw new Error('the echo handler is broken');
            await tx.query('INSERT INTO echoes (event_id) VALUES ($1)', [event.id]);
          },
        }),
      ],
      onStart: (started) => {
        store = started.store;
      },
    });
    service = await startService(options);
    db = await kit.database('projects');
    for (let i = 0; i < 3; i++) await rename();
    await eventually(async () => expect(await ids('echoes')).toHaveLength(3), CLI_DEADLINE_MS);
  });

  afterAll(async () => {
    await service?.shutdown.run('spec done');
    await kit.cleanup();
  });

  it('shows the relay (its leader, checkpoint, backlog), the consumer lags and no dead letters, as JSON or tables', async () => {
    const status = await eventually(async () => {
      const answer = await admin<{ relays: { service: string; leader: string | null; backlog: number; checkpoint: { globalPosition: number } }[]; consumers: { durable: string; pending: number; ackPending: number }[]; deadLetters: unknown[] }>('status', 'projects');
      expect(answer.relays[0]).toMatchObject({ service: 'projects', backlog: 0, checkpoint: { globalPosition: 3 } });
      return answer;
    }, CLI_DEADLINE_MS);
    expect(status.relays[0].leader).toMatch(/:\d+$/);
    expect(status.consumers).toEqual([expect.objectContaining({ durable: 'projects-echo', pending: 0, ackPending: 0 })]);
    expect(status.deadLetters).toEqual([]);

    const tables = await strata(['admin', 'relays', 'projects'], env);
    expect(tables.code).toBe(0);
    expect(tables.stdout).toMatch(/^service\s+instances\s+leader\s+checkpoint\s+backlog\s+oldest unpublished\n/);
    expect(tables.stdout).toMatch(/\nprojects\s+1\s+\S+:\d+\s+3 @ xid \d+\s+0\s+-\n/);
  });

  it('rebuilds the read models of the service’s own log and changes nothing else; refuses a consumer’s or an unknown one', async () => {
    const before = await db.query('SELECT event_id, name FROM notes ORDER BY event_id');

    expect(await admin('rebuild', 'projects')).toEqual({ rebuilt: [{ name: 'notes', events: 3, ms: expect.any(Number) }] });
    expect(await db.query('SELECT event_id, name FROM notes ORDER BY event_id')).toEqual(before);

    const consumerKept = await strata(['admin', 'rebuild', 'projects', 'projects-echo'], env);
    expect(consumerKept.code).toBe(1);
    expect(consumerKept.stderr).toContain('projects-echo is kept by a consumer');
    const unknown = await strata(['admin', 'rebuild', 'projects', 'nope'], env);
    expect(unknown).toMatchObject({ code: 1, stderr: 'strata: projects: unknown read model(s) nope; known: notes\n' });
  });

  it('republishes from a position: JetStream keeps one copy of every event and the consumer sees nothing new', async () => {
    const echoes = await ids('echoes');
    const { duplicates } = await relay();

    const republished = await strata(['admin', 'republish', 'projects', '--from', '2'], env);
    expect(republished.code).toBe(0);
    expect(republished.stdout).toMatch(/went back to 1 @ xid \d+ and republishes 2 event\(s\)/);

    await eventually(async () => expect(await relay()).toMatchObject({ backlog: 0, duplicates: duplicates + 2 }), CLI_DEADLINE_MS);
    const jsm = await (await kit.nats()).jetstreamManager();
    expect((await jsm.streams.info(eventStreamName('projects', kit.natsPrefix))).state.messages).toBe(3);
    expect(await ids('echoes')).toEqual(echoes);
    expect((await db.query('SELECT count(*)::int AS n FROM processed_events'))[0]).toEqual({ n: 3 });

    const ahead = await strata(['admin', 'republish', 'projects', '--from', '4'], env);
    expect(ahead).toMatchObject({ code: 1, stderr: 'strata: projects: no event at or after position 4\n' });
  });

  it('lists a dead letter, refuses to replay it while its handler still fails, and applies it once the handler is fixed', async () => {
    await db.query('UPDATE handler_fault SET broken = true');
    const lost = await rename();
    type Letter = { service: string; sequence: number; consumer: string; eventId: string; type: string; attempts: number; reason: string };
    const [letter] = await eventually(async () => {
      const letters = await admin<Letter[]>('dead-letters', 'projects');
      expect(letters).toHaveLength(1);
      return letters;
    }, CLI_DEADLINE_MS);
    expect(letter).toMatchObject({ service: 'projects', consumer: 'projects-echo', eventId: lost, type: 'ProjectRenamed', attempts: 2, reason: 'the echo handler is broken' });
    expect((await admin<{ deadLetters: unknown[] }>('status', 'projects')).deadLetters).toEqual([{ service: 'projects', consumer: 'projects-echo', count: 1 }]);
    expect(await scrape()).toContain('strata_dead_letters{consumer="projects-echo",service="projects"} 1\n');

    const stillBroken = await strata(['admin', 'replay', 'projects', String(letter.sequence)], env);
    expect(stillBroken).toMatchObject({ code: 1, stderr: 'strata: projects: the echo handler is broken\n' });
    expect(await admin('dead-letters', 'projects')).toHaveLength(1);

    await db.query('UPDATE handler_fault SET broken = false');
    expect(await admin('replay', 'projects', String(letter.sequence))).toEqual({ consumer: 'projects-echo', sequence: letter.sequence, eventId: lost, type: 'ProjectRenamed', applied: true });
    expect(await ids('echoes')).toContain(lost);
    expect(await admin('dead-letters', 'projects')).toEqual([]);

    const again = await strata(['admin', 'replay', 'projects', String(letter.sequence)], env);
    expect(again).toMatchObject({ code: 1, stderr: `strata: projects: no dead letter #${letter.sequence} in projects's dead-letter stream\n` });
  });

  it('exits 2 on bad usage', async () => {
    expect((await strata(['admin', 'republish', 'projects'], env)).code).toBe(2);
    expect((await strata(['admin', 'republish', 'projects', '--from', '0'], env)).code).toBe(2);
    expect((await strata(['admin', 'replay', 'billing', '1'], env)).code).toBe(2);
  });

  it('exposes relay lag, consumer lag, dead letters and model age on /metrics', async () => {
    modelAge(service.metrics).applied(Date.now() - 5_000);
    const body = await eventually(async () => {
      const text = await scrape();
      expect(text).toContain('strata_outbox_backlog_events{service="projects"} 0\n');
      expect(text).toContain('strata_outbox_oldest_unpublished_seconds{service="projects"} 0\n');
      expect(text).toContain('strata_consumer_pending_messages{consumer="projects-echo",service="projects"} 0\n');
      expect(text).toContain('strata_consumer_ack_pending_messages{consumer="projects-echo",service="projects"} 0\n');
      expect(text).toContain('strata_dead_letters{consumer="projects-echo",service="projects"} 0\n');
      return text;
    }, CLI_DEADLINE_MS);
    expect(Number(/strata_model_age_seconds\{service="projects"\} ([\d.]+)\n/.exec(body)?.[1])).toBeGreaterThanOrEqual(5);
  });
});
