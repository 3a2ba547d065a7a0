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

const LOAD: LoadOptions = { concurrency: 32, durationMs: Number(process.env.BENCH_SECONDS ?? 10) * 1000, warmupMs: 1_000 };
const FLAGS = 50;
const COHORTS = 5;
const CHANGES = 50;

interface Environment {
  id: number;
  api_token: string;
}

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

/** Set-up through Strata's own HTTP API: 50 flags with values, cohorts with nested rules, segment overrides. */
class Api {
  private key = '';

  constructor(readonly baseUrl: string) {}

  async json(method: string, url: string, body?: unknown, headers: Record<string, string> = { authorization: `Bearer ${this.key}` }): Promise<{ status: number; body: unknown }> {
    const response = await fetch(url, { method, headers: { ...headers, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
    const answer = { status: response.status, body: (await response.json()) as unknown };
    if (answer.status >= 300) throw new Error(`${method} ${url} answered ${answer.status}: ${JSON.stringify(answer.body)}`);
    return answer;
  }

  async fiftyFlagEnvironment(): Promise<{ environment: Environment; flagIds: string[] }> {
    const unique = randomBytes(4).toString('hex');
    const account = (await this.json('POST', `${this.baseUrl}/api/signup`, { email: `bench-${unique}@example.com`, organization_name: `bench ${unique}` }, {})).body as {
      personal_api_key: string;
      environment: Environment;
    };
    this.key = account.personal_api_key;
    const at = (rest: string) => `${this.baseUrl}/api/v2/environments/${account.environment.id}/${rest}`;
    const cohortIds: string[] = [];
    for (let c = 0; c < COHORTS; c++) {
      const rules = [
        {
          type: 'ALL',
          rules: [
            { type: 'ANY', conditions: [{ property_: 'plan', operator: 'EQUAL', value: c % 2 === 0 ? 'pro' : 'free' }, { property_: 'country', operator: 'IN', value: 'fr,it' }] },
            { type: 'ALL', conditions: [{ property_: 'age', operator: 'GREATER_THAN_INCLUSIVE', value: String(18 + c) }] },
          ],
        },
      ];
      cohortIds.push(((await this.json('POST', at('cohorts/'), { name: `cohort ${c}`, rules })).body as { id: string }).id);
    }
    const flagIds: string[] = [];
    for (let f = 0; f < FLAGS; f++) {
      const multivariate = f % 5 === 4 ? { multivariate_options: [30, 30].map((weight, o) => ({ type: 'unicode', string_value: `option-${o}`, default_percentage_allocation: weight })) } : {};
      const id = ((await this.json('POST', at('feature_flags/'), { key: `bench-${f}`, ...multivariate })).body as { id: string }).id;
      flagIds.push(id);
      await this.json('PATCH', at(`feature_flags/${id}/state`), {
        enabled: true,
        feature_state_value: f % 2 === 0 ? { type: 'unicode', string_value: `value-${f}` } : { type: 'int', integer_value: f },
        segment_overrides: cohortIds.map((segment_id, priority) => ({ segment_id, priority, scope: 'environment', enabled: priority % 2 === 0 })),
      });
    }
    // Ready once the model answers all of them.
    for (;;) {
      const answer = await this.json('GET', `${this.baseUrl}/api/v1/flags/`, undefined, { 'x-environment-key': account.environment.api_token });
      if ((answer.body as unknown[]).length === FLAGS) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    return { environment: account.environment, flagIds };
  }
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
