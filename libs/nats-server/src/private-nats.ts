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


async function waitUntil(condition: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`nats-server did not accept connections within ${timeoutMs} ms`);
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
