import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Database, migrate } from '@strata/database';
import { connect, type NatsConnection } from 'nats';
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

/** A private nats-server with JetStream on a free port, for tests that stop NATS (never the shared one). */
export class PrivateNatsServer {
  private process?: ChildProcess;
  private readonly dir = mkdtempSync(join(tmpdir(), 'strata-nats-'));

  private constructor(readonly port: number) {}

  static async start(): Promise<PrivateNatsServer> {
    const server = new PrivateNatsServer(await freePort());
    await server.restart();
    return server;
  }

  get url(): string {
    return `nats://127.0.0.1:${this.port}`;
  }

  async restart(): Promise<void> {
    this.process = spawn('/usr/sbin/nats-server', ['-a', '127.0.0.1', '-p', String(this.port), '-js', '-sd', this.dir], { stdio: 'ignore' });
    await waitFor(() => canConnect(this.port), 10_000, 50);
  }

  /** SIGKILL: no flush of any kind, as a crash. */
  kill(): Promise<void> {
    return this.signal('SIGKILL');
  }

  /** SIGTERM: the server writes what it holds and stops. */
  stop(): Promise<void> {
    return this.signal('SIGTERM');
  }

  /** A copy of the stopped server's store, as a backup taken now. */
  backup(): string {
    if (this.process) throw new Error('stop the server before backing up its store');
    const copy = mkdtempSync(join(tmpdir(), 'strata-nats-backup-'));
    cpSync(this.dir, copy, { recursive: true });
    return copy;
  }

  /** Replaces the stopped server's store with a backup (the backup is consumed). */
  restore(backup: string): void {
    if (this.process) throw new Error('stop the server before restoring its store');
    rmSync(this.dir, { recursive: true, force: true });
    cpSync(backup, this.dir, { recursive: true });
    rmSync(backup, { recursive: true, force: true });
  }

  private async signal(signal: NodeJS.Signals): Promise<void> {
    const child = this.process;
    this.process = undefined;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill(signal);
    await exited;
  }

  async destroy(): Promise<void> {
    await this.kill();
    rmSync(this.dir, { recursive: true, force: true });
  }

  connect(): Promise<NatsConnection> {
    return connect({ servers: this.url, maxReconnectAttempts: -1, reconnectTimeWait: 100, reconnectJitter: 0 });
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = new Socket();
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
    socket.connect(port, '127.0.0.1');
  });
}
