// Flag evaluation for SDKs (SPEC §8): Flagsmith's `POST /api/v1/identities/` for a 50-flag environment through the
// gateway (gateway → NATS → flag-evaluation, memory only) beside bare fastify answering the same JSON in the same run;
// then change → answer: a state PATCHed through the API, the SDK route polled until it answers the new value.
// Run: npm run bench:flag-evaluation   (BENCH_SECONDS, default 10; STRATA_PROFILE_DIR=/tmp/prof for CPU profiles)
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { RunningSystem } from '@strata/testing';
import { fmt, percentile } from '../eventstore/stats';
import { closedLoop, type LoadOptions, type LoadResult } from '../gateway/load';
import { Api, COHORTS, type Environment } from './api';

const LOAD: LoadOptions = { concurrency: 32, durationMs: Number(process.env.BENCH_SECONDS ?? 10) * 1000, warmupMs: 1_000 };
const CHANGES = 50;

async function main(): Promise<void> {
  const system = await RunningSystem.start({ apps: ['gateway', 'projects', 'entities', 'flag-evaluation'], env: { LOG_LEVEL: 'warn' } });
  let bare: ChildProcess | undefined;
  try {
    const api = new Api(system.baseUrl);
    const { environment, flagIds } = await api.fiftyFlagEnvironment();
    const url = `${system.baseUrl}/api/v1/identities/`;
    const headers = { 'x-environment-key': environment.api_token };
    const sample = await api.json('POST', url, identityBody(0), headers);
    const bareServer = await startBare(sample.body);
    bare = bareServer.process;
    const gateway = await measurePost(url, headers);
    const baseline = await measurePost(`http://127.0.0.1:${bareServer.port}/api/v1/identities/`, {});
    const changes = await changeToAnswer(api, environment, flagIds[0] ?? '', `${system.baseUrl}/api/v1/flags/`, headers);
    report(gateway, baseline, changes, (sample.body as { flags: unknown[] }).flags.length);
  } finally {
    bare?.kill('SIGTERM');
    await system.stop();
  }
}

/** The request of one SDK call: identifiers rotate so answers differ as they would in production. */
function identityBody(n: number): { identifier: string; traits: { trait_key: string; trait_value: string | number }[] } {
  return {
    identifier: `user-${n % 1_000}`,
    traits: [
      { trait_key: 'plan', trait_value: n % 3 === 0 ? 'pro' : 'free' },
      { trait_key: 'age', trait_value: 15 + (n % 40) },
      { trait_key: 'country', trait_value: n % 2 === 0 ? 'fr' : 'de' },
    ],
  };
}

async function measurePost(url: string, headers: Record<string, string>): Promise<LoadResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: LOAD.concurrency });
  const target = new URL(url);
  const bodies = Array.from({ length: 1_000 }, (_, n) => JSON.stringify(identityBody(n)));
  let next = 0;
  const post = () =>
    new Promise<boolean>((resolve, reject) => {
      const body = bodies[next++ % bodies.length] ?? '';
      const req = request(
        { host: target.hostname, port: target.port, path: target.pathname, method: 'POST', headers: { ...headers, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) }, agent },
        (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode === 200));
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  try {
    return await closedLoop(post, LOAD);
  } finally {
    agent.destroy();
  }
}

/**
 * PATCH a state's value, then poll the SDK route until it answers it: from the PATCH sent to the answer seen. The
 * environment's flags are polled: an identity might fall in a cohort whose override has a value of its own.
 */
async function changeToAnswer(api: Api, environment: Environment, flagId: string, flagsUrl: string, headers: Record<string, string>): Promise<number[]> {
  const latencies: number[] = [];
  for (let change = 0; change < CHANGES; change++) {
    const value = `v${change}-${randomBytes(3).toString('hex')}`;
    const started = performance.now();
    await api.json('PATCH', `${api.baseUrl}/api/v2/environments/${environment.id}/feature_flags/${flagId}/state`, {
      enabled: true,
      feature_state_value: { type: 'unicode', string_value: value },
    });
    for (;;) {
      const flags = (await api.json('GET', flagsUrl, undefined, headers)).body as { feature: { name: string }; feature_state_value: unknown }[];
      if (flags.some((flag) => flag.feature.name === 'bench-0' && flag.feature_state_value === value)) break;
      if (performance.now() - started > 10_000) throw new Error(`change ${change} not answered after 10 s`);
    }
    latencies.push(performance.now() - started);
  }
  return latencies;
}

async function startBare(body: unknown): Promise<{ process: ChildProcess; port: number }> {
  const file = path.join(tmpdir(), `bench-flag-evaluation-${randomBytes(4).toString('hex')}.json`);
  writeFileSync(file, JSON.stringify(body));
  const root = path.resolve(__dirname, '../..');
  const child = spawn(process.execPath, ['-r', path.join(root, 'infra/register.cjs'), path.join(__dirname, 'bare.ts')], {
    env: { ...process.env, BARE_BODY_FILE: file },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const port = await new Promise<number>((resolve, reject) => {
    child.stdout?.once('data', (chunk: Buffer) => resolve((JSON.parse(chunk.toString()) as { port: number }).port));
    child.once('exit', (code) => reject(new Error(`bare fastify exited with ${code}`)));
  });
  return { process: child, port };
}

function report(gateway: LoadResult, bare: LoadResult, changes: number[], flagCount: number): void {
  const line = (label: string, r: LoadResult) =>
    `${label}: ${fmt(r.perSecond)} req/s, p50 ${fmt(r.p50, 2)} ms, p99 ${fmt(r.p99, 2)} ms (${fmt(r.requests)} requests, ${r.errors} errors)`;
  console.log(`${LOAD.concurrency} concurrent keep-alive connections, ${LOAD.durationMs / 1000} s each, loopback; ${flagCount} flags × ${COHORTS} segment overrides, nested rules`);
  console.log(line('POST /api/v1/identities/ through the gateway (gateway → NATS → flag-evaluation)', gateway));
  console.log(line('  baseline bare fastify answering the same JSON', bare));
  const ratio = gateway.perSecond / bare.perSecond;
  const met = gateway.perSecond >= 10_000 && gateway.p50 <= 3 && ratio >= 0.3;
  console.log(`target ≥ 10,000 req/s, p50 ≤ 3 ms, ≥ 0.3× bare fastify → ${met ? 'met' : 'MISSED'} (${fmt(ratio, 2)}× bare fastify)`);
  const p99 = percentile(changes, 99);
  console.log(`change → answer (PATCH sent → SDK route answers it), ${changes.length} changes: p50 ${fmt(percentile(changes, 50), 1)} ms, p99 ${fmt(p99, 1)} ms → ${p99 <= 1_000 ? 'met' : 'MISSED'} (target p99 ≤ 1 s)`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
