import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
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

  /** `args`: more of nats-server's options, e.g. a cluster node's name and routes (`PrivateNatsCluster`). */
  private constructor(
    readonly port: number,
    private readonly args: readonly string[] = [],
  ) {}

  static async start(): Promise<PrivateNatsServer> {
    const server = new PrivateNatsServer(await freePort());
    await server.restart();
    return server;
  }

  /** Not started yet: `restart()` starts it (a cluster's nodes start together, each waiting for the others). */
  static on(port: number, args: readonly string[]): PrivateNatsServer {
    return new PrivateNatsServer(port, args);
  }

  get url(): string {
    return `nats://127.0.0.1:${this.port}`;
  }

  get running(): boolean {
    return this.process !== undefined;
  }

  async restart(): Promise<void> {
    this.process = spawn('/usr/sbin/nats-server', ['-a', '127.0.0.1', '-p', String(this.port), '-js', '-sd', this.dir, ...this.args], { stdio: 'ignore' });
    await waitFor(() => canConnect(this.port), 10_000, 50);
  }

  async kill(): Promise<void> {
    const child = this.process;
    this.process = undefined;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGKILL');
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

/**
 * A private NATS cluster (3 nodes unless told) with JetStream, each node with its own store, routes to the others and
 * a name (`n1`, …): the production shape, for tests that kill a node. Ready once JetStream answers (a meta leader).
 */
export class PrivateNatsCluster {
  private constructor(readonly nodes: readonly PrivateNatsServer[]) {}

  static async start(size = 3): Promise<PrivateNatsCluster> {
    const ports = await freePorts(2 * size);
    const [clientPorts, routePorts] = [ports.slice(0, size), ports.slice(size)];
    const route = (port: number) => `nats://127.0.0.1:${port}`;
    const name = `strata-${randomBytes(3).toString('hex')}`;
    const nodes = clientPorts.map((port, i) =>
      PrivateNatsServer.on(port, [
        '-n', `n${i + 1}`, '--cluster_name', name, '--cluster', route(routePorts[i]),
        '--routes', routePorts.filter((_, j) => j !== i).map(route).join(','),
      ]),
    );
    const cluster = new PrivateNatsCluster(nodes);
    await Promise.all(nodes.map((node) => node.restart()));
    await cluster.waitForJetStream();
    return cluster;
  }

  get urls(): string[] {
    return this.nodes.map((node) => node.url);
  }

  /** A connection that knows every node, so it moves to another when its server dies. */
  connect(): Promise<NatsConnection> {
    return connect({ servers: this.urls, maxReconnectAttempts: -1, reconnectTimeWait: 100, reconnectJitter: 0 });
  }

  async waitForJetStream(timeoutMs = 30_000): Promise<void> {
    const nc = await this.connect();
    try {
      const jsm = await nc.jetstreamManager({ checkAPI: false });
      await waitFor(() => jsm.getAccountInfo().then(() => true, () => false), timeoutMs, 200);
    } finally {
      await nc.close();
    }
  }

  /** The node named `n<i>` in stream or consumer info (`cluster.leader`). */
  node(name: string): PrivateNatsServer {
    const node = this.nodes[Number(name.replace(/^n/, '')) - 1];
    if (!node) throw new Error(`no node ${name} in this cluster`);
    return node;
  }

  async destroy(): Promise<void> {
    await Promise.all(this.nodes.map((node) => node.destroy()));
  }
}

/** `count` distinct free ports (asked one at a time, the system could hand the same one out twice). */
async function freePorts(count: number): Promise<number[]> {
  const ports = new Set<number>();
  while (ports.size < count) ports.add(await freePort());
  return [...ports];
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
