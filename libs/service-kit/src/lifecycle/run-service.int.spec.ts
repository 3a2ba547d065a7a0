import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import path from 'node:path';
import { RpcClient } from '@strata/messaging';
import { collectOutput, freePort } from '@strata/testing';
import { connect, type NatsConnection } from 'nats';

const root = path.resolve(__dirname, '../../../..');
const fixture = 'libs/service-kit/src/testing-fixture/fixture-service.ts';
const databaseUrl = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const natsUrl = process.env.TEST_NATS_URL ?? 'nats://127.0.0.1:4222';

interface Run {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  /** Exited, with every line of its output read. */
  exit: Promise<number | null>;
}

function startFixture(env: Record<string, string>): Run {
  const child = spawn(process.execPath, ['-r', './infra/register.cjs', fixture], {
    cwd: root,
    env: { PATH: process.env.PATH ?? '', DATABASE_URL: databaseUrl, NATS_URL: natsUrl, LOG_LEVEL: 'info', ...env },
  });
  const { stdout, stderr, closed } = collectOutput(child);
  return { child, stdout, stderr, exit: closed };
}


async function waitUntilListening(run: Run, port: number): Promise<void> {
  for (let attempt = 0; attempt < 150; attempt++) {
    if (run.child.exitCode !== null) throw new Error(`fixture exited: ${run.stderr()}`);
    const answered = await fetch(`http://127.0.0.1:${port}/_health`).then(() => true, () => false);
    if (answered) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('fixture did not start listening');
}

describe('runService start-up failures', () => {
  it.each([
    ['a malformed database URL', { DATABASE_URL: 'nope' }, 'fixture: cannot start: DATABASE_URL must be a postgres:// or postgresql:// URL like postgres://user@host:5432/database (got "nope")'],
    ['several bad values', { DATABASE_URL: 'nope', PORT: 'http' }, 'fixture: cannot start: DATABASE_URL must be a postgres:// or postgresql:// URL like postgres://user@host:5432/database (got "nope"); PORT must be a whole number 1-65535 (got "http")'],
    ['an unreachable database', { DATABASE_URL: 'postgres://postgres@127.0.0.1:5499/test' }, 'fixture: cannot start: Postgres at 127.0.0.1:5499/test is unreachable (ECONNREFUSED)'],
    ['a database that does not exist', { DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/no_such_db' }, 'fixture: cannot start: Postgres at 127.0.0.1:5432/no_such_db refused the connection: database "no_such_db" does not exist'],
    ['an unreachable NATS', { NATS_URL: 'nats://127.0.0.1:4299' }, 'fixture: cannot start: NATS at 127.0.0.1:4299 is unreachable (CONNECTION_REFUSED)'],
  ])('fails with one clear line and exit code 1 on %s', async (_case, env, line) => {
    const run = startFixture({ PORT: String(await freePort()), ...env });

    expect(await run.exit).toBe(1);
    expect(run.stderr()).toBe(`${line}\n`);
  });

  it('stops what it started before a later start-up step failed, then fails with one line', async () => {
    const run = startFixture({ PORT: String(await freePort()), FIXTURE_FAILS_ON_START: 'true' });

    expect(await run.exit).toBe(1);
    expect(run.stderr()).toBe('fixture: cannot start: the fixture was told to fail after starting a worker\n');
  });

  it('fails with one line when its port is taken', async () => {
    const port = await freePort();
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(port, '0.0.0.0', resolve));
    try {
      const run = startFixture({ PORT: String(port) });

      expect(await run.exit).toBe(1);
      expect(run.stderr()).toBe(`fixture: cannot start: port ${port} is already in use\n`);
    } finally {
      await new Promise((resolve) => blocker.close(resolve));
    }
  });
});

describe('a running service', () => {
  const prefix = `t${randomBytes(4).toString('hex')}.`;
  let nats: NatsConnection;

  beforeAll(async () => {
    nats = await connect({ servers: natsUrl });
  });

  afterAll(async () => {
    await nats.close();
  });

  it('serves health, readiness, metrics and NATS requests, then stops cleanly on SIGTERM', async () => {
    const port = await freePort();
    const run = startFixture({ PORT: String(port), NATS_PREFIX: prefix });
    await waitUntilListening(run, port);
    const base = `http://127.0.0.1:${port}`;

    const health = await fetch(`${base}/_health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok' });

    const ready = await fetch(`${base}/_ready`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({
      status: 'ready',
      failed: [],
      probes: { postgres: { status: 'ok' }, nats: { status: 'ok' }, fixture: { status: 'ok' } },
    });

    const scrape = await fetch(`${base}/metrics`);
    expect(scrape.headers.get('content-type')).toContain('text/plain');
    const body = await scrape.text();
    expect(body).toContain('fixture_starts_total{service="fixture"} 1');
    expect(body).toContain('process_cpu_user_seconds_total{service="fixture"}');

    expect(await new RpcClient({ nc: nats, prefix }).request('fixture.ping', {})).toEqual({ pong: true });

    run.child.kill('SIGTERM');

    expect(await run.exit).toBe(0);
    expect(run.stderr()).toBe('');
    const logs = run.stdout().trim().split('\n').map((line) => JSON.parse(line) as { msg: string; service: string; outcome?: string });
    expect(logs.every((line) => line.service === 'fixture')).toBe(true);
    expect(logs.map((line) => line.msg)).toEqual(expect.arrayContaining(['listening', 'shutting down', 'fixture worker stopped']));
    expect(logs.at(-1)).toMatchObject({ msg: 'stopped', outcome: 'clean' });
  });

  it('answers 503 on /_ready naming the probe that failed', async () => {
    const port = await freePort();
    const run = startFixture({ PORT: String(port), NATS_PREFIX: prefix, FIXTURE_PROBE_FAILS: 'true' });
    try {
      await waitUntilListening(run, port);

      const ready = await fetch(`http://127.0.0.1:${port}/_ready`);

      expect(ready.status).toBe(503);
      expect(await ready.json()).toMatchObject({
        status: 'unavailable',
        failed: ['fixture'],
        probes: { postgres: { status: 'ok' }, fixture: { status: 'failed', error: 'fixture dependency is down' } },
      });
    } finally {
      run.child.kill('SIGTERM');
      await run.exit;
    }
  });
});
