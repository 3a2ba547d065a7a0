// SDK answers at the edge (SPEC §8): Flagsmith's `POST /api/v1/identities/` for a 50-flag and a 350-flag environment
// through the gateway (which holds the flag model itself: no hop) and the environment document's 304 to
// `If-None-Match`, each beside bare fastify answering the same bytes in the same run; then change → answer: a state
// PATCHed through the API, the SDK route polled until it answers the new value. Each series runs in slices alternating
// with its baseline's, so a load from elsewhere on the machine falls on both alike.
// Run: npm run bench:flag-evaluation   (BENCH_SECONDS, default 10; STRATA_PROFILE_DIR=/tmp/prof for CPU profiles)
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { RunningSystem } from '@strata/testing';
import { fmt, percentile } from '../eventstore/stats';
import { closedLoop, type LoadOptions, type LoadResult, merged } from '../gateway/load';
import { Api, COHORTS, type Environment } from './api';

/** Each series is measured in this many slices, interleaved with its baseline's. */
const SLICES = 4;
const LOAD: LoadOptions = { concurrency: 32, durationMs: (Number(process.env.BENCH_SECONDS ?? 10) * 1000) / SLICES, warmupMs: 250 };
const CHANGES = 50;

interface Call {
  method: 'GET' | 'POST';
  path: string;
  headers: Record<string, string>;
  /** Request bodies, sent in turn (POST). */
  bodies?: string[];
  /** The status every answer must have. */
  status: number;
}

interface Compared {
  label: string;
  gateway: LoadResult;
  bare: LoadResult;
  /** Minimum throughput ratio to bare fastify, and the p50 ratio at most (SPEC §8). */
  target: { ratio: number; p50Ratio?: number };
}

async function main(): Promise<void> {
  const system = await RunningSystem.start({ apps: ['gateway', 'projects', 'entities'], env: { LOG_LEVEL: 'warn' } });
  const bares: ChildProcess[] = [];
  try {
    const api = new Api(system.baseUrl);
    const bodies = Array.from({ length: 1_000 }, (_, n) => JSON.stringify(identityBody(n)));
    const compare = async (label: string, call: Call, target: Compared['target']): Promise<Compared> => {
      // The bytes of a full answer: the 304's baseline answers them when asked without the tag, as the gateway does.
      const { 'if-none-match': _tag, ...headers } = call.headers;
      const sample = await fetch(`${system.baseUrl}${call.path}`, { method: call.method, headers: { ...headers, 'content-type': 'application/json' }, body: call.bodies?.[0] });
      const bytes = await sample.text();
      if (sample.status !== 200) throw new Error(`${call.path} answered ${sample.status}: ${bytes}`);
      const etag = call.status === 304 ? (sample.headers.get('etag') ?? undefined) : undefined;
      // The tag of these bytes: the environment's last state may have reached the model after the caller asked for one.
      const measured = etag === undefined ? call : { ...call, headers: { ...call.headers, 'if-none-match': etag } };
      const bare = await startBare(bytes, call, etag);
      bares.push(bare.process);
      // In slices, alternating which goes first: on a machine others load, both series see the same load.
      const gateways: LoadResult[] = [];
      const baselines: LoadResult[] = [];
      for (let slice = 0; slice < SLICES; slice++) {
        const pair = [() => measure(system.baseUrl, measured).then((r) => gateways.push(r)), () => measure(`http://127.0.0.1:${bare.port}`, measured).then((r) => baselines.push(r))];
        for (const run of slice % 2 === 0 ? pair : pair.reverse()) await run();
      }
      return { label, gateway: merged(gateways), bare: merged(baselines), target };
    };
    const identities = async (flags: number, target: Compared['target']) => {
      const { environment } = await api.environmentWith(flags);
      const call: Call = { method: 'POST', path: '/api/v1/identities/', headers: { 'x-environment-key': environment.api_token }, bodies, status: 200 };
      return compare(`POST /api/v1/identities/, ${flags} flags × ${COHORTS} segment overrides`, call, target);
    };
    const results = [await identities(50, { ratio: 0.5, p50Ratio: 2 }), await identities(350, { ratio: 0.4 })];
    const { environment, flagIds, serverKey } = await api.environmentWith(50);
    const document = await fetch(`${system.baseUrl}/api/v1/environment-document/`, { headers: { 'x-environment-key': serverKey } });
    const etag = document.headers.get('etag') ?? '';
    const documentCall: Call = { method: 'GET', path: '/api/v1/environment-document/', headers: { 'x-environment-key': serverKey, 'if-none-match': etag }, status: 304 };
    results.push(await compare(`GET /api/v1/environment-document/ with If-None-Match → 304 (document of 50 flags, ${fmt((await document.text()).length)} bytes)`, documentCall, { ratio: 0.7 }));
    const changes = await changeToAnswer(api, environment, flagIds[0] ?? '', `${system.baseUrl}/api/v1/flags/`, { 'x-environment-key': environment.api_token });
    report(results, changes);
  } finally {
    for (const bare of bares) bare.kill('SIGTERM');
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

/** Closed-loop load of one call against `origin`; an answer of another status counts as an error. */
async function measure(origin: string, call: Call): Promise<LoadResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: LOAD.concurrency });
  const target = new URL(origin);
  let next = 0;
  const send = () =>
    new Promise<boolean>((resolve, reject) => {
      const body = call.bodies === undefined ? undefined : (call.bodies[next++ % call.bodies.length] ?? '');
      const headers = body === undefined ? call.headers : { ...call.headers, 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) };
      const req = request({ host: target.hostname, port: target.port, path: call.path, method: call.method, headers, agent }, (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode === call.status));
      });
      req.on('error', reject);
      req.end(body);
    });
  try {
    return await closedLoop(send, LOAD);
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

async function startBare(bytes: string, call: Call, etag: string | undefined): Promise<{ process: ChildProcess; port: number }> {
  const file = path.join(tmpdir(), `bench-flag-evaluation-${randomBytes(4).toString('hex')}.json`);
  writeFileSync(file, bytes);
  const root = path.resolve(__dirname, '../..');
  const child = spawn(process.execPath, ['-r', path.join(root, 'infra/register.cjs'), path.join(__dirname, 'bare.ts')], {
    env: { ...process.env, BARE_BODY_FILE: file, BARE_METHOD: call.method, BARE_PATH: call.path, ...(etag === undefined ? {} : { BARE_ETAG: etag }) },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const port = await new Promise<number>((resolve, reject) => {
    child.stdout?.once('data', (chunk: Buffer) => resolve((JSON.parse(chunk.toString()) as { port: number }).port));
    child.once('exit', (code) => reject(new Error(`bare fastify exited with ${code}`)));
  });
  return { process: child, port };
}

function report(results: Compared[], changes: number[]): void {
  const line = (label: string, r: LoadResult) =>
    `${label}: ${fmt(r.perSecond)} req/s, p50 ${fmt(r.p50, 2)} ms, p99 ${fmt(r.p99, 2)} ms (${fmt(r.requests)} requests, ${r.errors} errors)`;
  const [one, five, fifteen] = loadavg().map((value) => fmt(value, 2));
  console.log(`${LOAD.concurrency} concurrent keep-alive connections, ${(LOAD.durationMs * SLICES) / 1000} s each in ${SLICES} slices interleaved with the baseline's, loopback; load average ${one} ${five} ${fifteen}`);
  for (const { label, gateway, bare, target } of results) {
    console.log(line(`${label}, through the gateway (the model in the process)`, gateway));
    console.log(line('  baseline bare fastify answering the same bytes', bare));
    const ratio = gateway.perSecond / bare.perSecond;
    const p50Ratio = gateway.p50 / bare.p50;
    const met = ratio >= target.ratio && (target.p50Ratio === undefined || p50Ratio <= target.p50Ratio);
    const p50Target = target.p50Ratio === undefined ? '' : `, p50 ≤ ${target.p50Ratio}× its p50`;
    console.log(`  target ≥ ${target.ratio}× bare fastify${p50Target} → ${met ? 'met' : 'MISSED'} (${fmt(ratio, 2)}× its throughput, ${fmt(p50Ratio, 2)}× its p50)`);
  }
  const p99 = percentile(changes, 99);
  console.log(`change → answer (PATCH sent → SDK route answers it), ${changes.length} changes: p50 ${fmt(percentile(changes, 50), 1)} ms, p99 ${fmt(p99, 1)} ms → ${p99 <= 1_000 ? 'met' : 'MISSED'} (target p99 ≤ 1 s)`);
  console.log(`load average after the run: ${loadavg().map((value) => fmt(value, 2)).join(' ')}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
