// Gateway read path (SPEC §8): GET /api/v2/environments/:id through gateway → NATS → projects → Postgres, beside a
// bare fastify handler and a bare NATS request/reply echo measured in the same run; then the same GET with 2 instances of
// the gateway and of projects (the services on the path; half the connections on each gateway) beside the 1-instance figure.
// Run: node -r ./infra/register.cjs bench/gateway/main.ts   (BENCH_SECONDS, default 10 per figure)
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { projects } from '@strata/contracts';
import { RpcClient } from '@strata/messaging';
import { RunningSystem } from '@strata/testing';
import { connect } from 'nats';
import { fmt } from '../eventstore/stats';
import { ApiClientForBench } from './signup';
import { closedLoop, httpGetter, type LoadOptions, type LoadResult } from './load';
import { hashApiKey } from '@strata/service-kit';

const NATS_URL = process.env.NATS_URL ?? 'nats://127.0.0.1:4222';
const LOAD: LoadOptions = { concurrency: 32, durationMs: Number(process.env.BENCH_SECONDS ?? 10) * 1000, warmupMs: 1_000 };

async function main(): Promise<void> {
  const system = await RunningSystem.start({ apps: ['gateway', 'projects'], env: { LOG_LEVEL: 'warn' } });
  const baselines = await startBaselines();
  try {
    const account = await new ApiClientForBench(system.baseUrl).signup();
    const gateway = await measureHttp(`${system.baseUrl}/api/v2/environments/${account.environmentId}`, { authorization: `Bearer ${account.key}` });
    const direct = await measureServiceDirect(system, account);
    const bare = await measureHttp(`http://127.0.0.1:${baselines.port}/bare`, {});
    const echo = await measureNatsEcho(baselines.subject);
    report(gateway, direct, bare, echo);
    const twins = await measureTwoInstances(system, account);
    const again = await measureHttp(`${system.baseUrl}/api/v2/environments/${account.environmentId}`, { authorization: `Bearer ${account.key}` });
    reportInstances(gateway, twins, again);
  } finally {
    baselines.process.kill('SIGTERM');
    await system.stop();
  }
}

async function measureHttp(url: string, headers: Record<string, string>): Promise<LoadResult> {
  const client = httpGetter(url, headers, LOAD.concurrency);
  try {
    return await closedLoop(client.get, LOAD);
  } finally {
    client.close();
  }
}

/** The same GET once a second gateway and a second projects instance run: the queue group spreads the replies. */
async function measureTwoInstances(system: RunningSystem, account: { key: string; environmentId: number }): Promise<LoadResult> {
  const second = await system.startInstance('gateway');
  const projectsTwin = await system.startInstance('projects');
  const path = `/api/v2/environments/${account.environmentId}`;
  const clients = [system.baseUrl, second.url].map((base) => httpGetter(`${base}${path}`, { authorization: `Bearer ${account.key}` }, LOAD.concurrency / 2));
  let turn = 0;
  try {
    // A longer warm-up: the new processes compile their hot paths first.
    return await closedLoop(() => clients[turn++ % clients.length].get(), { ...LOAD, warmupMs: 5_000 });
  } finally {
    for (const client of clients) client.close();
    await Promise.all([second.stop(), projectsTwin.stop()]);
  }
}

/** 1 → 2 → 1 instances: the 1-instance figure before and after brackets the machine's changing load. */
function reportInstances(before: LoadResult, two: LoadResult, after: LoadResult): void {
  const one = (before.perSecond + after.perSecond) / 2;
  console.log(line('gateway GET with 2 gateways and 2 projects instances (same run)', two));
  console.log(line('  the same GET with 1 of each again, after', after));
  console.log(`  2 instances / 1 instance (mean of before and after): ${fmt(two.perSecond / one, 2)}× the throughput (${os.cpus().length} cores, load average ${os.loadavg()[0].toFixed(1)})`);
}

const line = (label: string, r: LoadResult) =>
  `${label}: ${fmt(r.perSecond)} req/s, p50 ${fmt(r.p50, 2)} ms, p99 ${fmt(r.p99, 2)} ms (${fmt(r.requests)} requests, ${r.errors} errors)`;

async function measureNatsEcho(subject: string): Promise<LoadResult> {
  const nc = await connect({ servers: NATS_URL, name: 'bench-gateway-client' });
  const payload = new TextEncoder().encode(JSON.stringify({ environmentId: 1 }));
  try {
    return await closedLoop(async () => (await nc.request(subject, payload, { timeout: 5_000 })).data.length > 0, LOAD);
  } finally {
    await nc.drain();
  }
}

/** The same read asked of the projects service straight over NATS: what the gateway adds is the difference. */
async function measureServiceDirect(system: RunningSystem, account: { key: string; environmentId: number }): Promise<LoadResult> {
  const nc = await connect({ servers: NATS_URL, name: 'bench-gateway-direct' });
  const rpc = new RpcClient({ nc, prefix: system.kit.serviceEnv('gateway').NATS_PREFIX });
  try {
    const secretHash = hashApiKey(account.key);
    const { principal } = await rpc.request<projects.AuthenticateResponse>(projects.ProjectsSubjects.authenticate, { secretHash });
    const request: projects.GetEnvironmentRequest = { principal, environmentId: account.environmentId };
    return await closedLoop(async () => (await rpc.request(projects.ProjectsSubjects.getEnvironment, request)) !== undefined, LOAD);
  } finally {
    rpc.close();
    await nc.drain();
  }
}

async function startBaselines(): Promise<{ process: ChildProcess; port: number; subject: string }> {
  const subject = `bench${randomBytes(4).toString('hex')}.echo`;
  const root = path.resolve(__dirname, '../..');
  const child = spawn(process.execPath, ['-r', path.join(root, 'infra/register.cjs'), path.join(__dirname, 'baselines.ts')], {
    env: { ...process.env, NATS_URL, ECHO_SUBJECT: subject },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const port = await new Promise<number>((resolve, reject) => {
    child.stdout?.once('data', (chunk: Buffer) => resolve((JSON.parse(chunk.toString()) as { port: number }).port));
    child.once('exit', (code) => reject(new Error(`baselines exited with ${code}`)));
  });
  return { process: child, port, subject };
}

function report(gateway: LoadResult, direct: LoadResult, bare: LoadResult, echo: LoadResult): void {
  console.log(`${LOAD.concurrency} concurrent keep-alive connections, ${LOAD.durationMs / 1000} s each, loopback`);
  console.log(line('gateway GET /api/v2/environments/:id (gateway → NATS → projects → Postgres)', gateway));
  console.log(line('  same read straight to projects over NATS (no HTTP, no gateway)', direct));
  console.log(line('  baseline bare fastify handler', bare));
  console.log(line('  baseline bare NATS request/reply echo', echo));
  const met = gateway.perSecond >= 5_000 && gateway.p50 <= 3;
  console.log(
    `target ≥ 5,000 req/s and p50 ≤ 3 ms → ${met ? 'met' : 'MISSED'} ` +
      `(${fmt((gateway.perSecond / bare.perSecond) * 100, 1)}% of bare fastify throughput; p50 ${fmt(gateway.p50 / echo.p50, 1)}× a bare NATS echo)`,
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
