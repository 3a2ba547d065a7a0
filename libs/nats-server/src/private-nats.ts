import { randomBytes } from 'node:crypto';
import { type ChildProcess, spawn } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect, type NatsConnection } from 'nats';

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

  get running(): boolean {
    return this.process !== undefined;
  }

  get url(): string {
    return `nats://127.0.0.1:${this.port}`;
  }

  async restart(): Promise<void> {
    this.process = spawn('/usr/sbin/nats-server', ['-a', '127.0.0.1', '-p', String(this.port), '-js', '-sd', this.dir, ...this.args], { stdio: 'ignore' });
    await waitUntil(() => canConnect(this.port), 10_000);
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
      await waitUntil(() => jsm.getAccountInfo().then(() => true, () => false), timeoutMs);
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

async function waitUntil(condition: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`nats-server not ready within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
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

/** A TCP port free on loopback right now. */
export function freePort(): Promise<number> {
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
