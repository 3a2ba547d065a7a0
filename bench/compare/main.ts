// Copy of flag states (SPEC §8, §11): `POST /api/v2/projects/:id/copy_flag_states` of 1,000 flag states (each enabled,
// with a value, an allocation and a rollout group) into a fresh environment, through the gateway, beside the same rows
// written by one set-based SQL statement in the same run (rolled back). Every figure beside its baseline.
// Run: npm run bench:compare   (BENCH_FLAGS, default 1000; BENCH_ROUNDS, default 3)
import { loadavg } from 'node:os';
import { entities } from '@strata/contracts';
import type { Database } from '@strata/database';
import { RpcClient } from '@strata/messaging';
import { RunningSystem } from '@strata/testing';
import { fmt, percentile } from '../eventstore/stats';
import { ApiClientForBench } from '../gateway/signup';

const FLAGS = Number(process.env.BENCH_FLAGS ?? 1_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const S = entities.EntitiesSubjects;

interface Project {
  baseUrl: string;
  key: string;
  projectId: number;
}

async function main(): Promise<void> {
  const system = await RunningSystem.start({ apps: ['gateway', 'projects', 'entities'], env: { LOG_LEVEL: 'warn' } });
  const rpc = new RpcClient({ nc: await system.kit.nats(), prefix: system.kit.natsPrefix });
  try {
    const account = await new ApiClientForBench(system.baseUrl).signup();
    const source = await http<{ id: number; project_id: number }>(system.baseUrl, account.key, 'GET', `/api/v2/environments/${account.environmentId}`);
    const project: Project = { baseUrl: system.baseUrl, key: account.key, projectId: source.project_id };
    const seeding = performance.now();
    await seedStates(rpc, { projectId: source.project_id, environmentId: source.id }, FLAGS);
    console.log(`seeded ${fmt(FLAGS)} project-wide flags with a state each in ${fmt((performance.now() - seeding) / 1000, 1)} s`);
    const db = await system.kit.database('entities');
    const copies: number[] = [];
    const dryRuns: number[] = [];
    const baselines: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const target = await http<{ id: number }>(system.baseUrl, account.key, 'POST', `/api/v2/projects/${project.projectId}/environments/`, { name: `Target ${round}` });
      baselines.push(await setBasedCopy(db, source.id, target.id, FLAGS));
      dryRuns.push(await timedCopy(project, source.id, target.id, true));
      copies.push(await timedCopy(project, source.id, target.id, false));
    }
    report(copies, dryRuns, baselines);
  } catch (error) {
    for (const app of ['gateway', 'entities'] as const) console.error(`${app}:\n${system.output(app).slice(-8).join('\n')}`);
    throw error;
  } finally {
    rpc.close();
    await system.stop();
  }
}

/** `count` project-wide flags, each with a state in the source: enabled, a value, an allocation, a rollout group. */
async function seedStates(rpc: RpcClient, scope: entities.EnvironmentScope, count: number): Promise<void> {
  const rules = [{ type: 'ALL', rules: [], conditions: [{ property_: 'plan', operator: 'EQUAL', value: 'pro' }] }];
  const cohort = await rpc.request<entities.EntityResponse>(S.create, { in: scope, kind: 'cohort', fields: { name: 'Pro', rules }, isProjectWide: true });
  const options = [{ type: 'unicode', string_value: 'a', default_percentage_allocation: 0 }];
  for (let i = 0; i < count; i++) {
    const { result: flag } = await rpc.request<entities.EntityResponse>(S.create, { in: scope, kind: 'feature_flag', fields: { key: `copy-${i}`, multivariate_options: options }, isProjectWide: true });
    const changes = {
      enabled: true,
      feature_state_value: { type: 'unicode', string_value: `value-${i}` },
      multivariate_feature_state_values: [{ multivariate_feature_option: 0, percentage_allocation: 40 }],
      segment_overrides: [{ segment_id: cohort.result.id, priority: 1, scope: 'environment', enabled: false }],
    };
    await rpc.request(S.updateFlagState, { in: scope, flagId: flag.id, changes });
  }
}

/** The copy through the gateway; a dry run answers the same changes and writes nothing. */
async function timedCopy(project: Project, from: number, to: number, dryRun: boolean): Promise<number> {
  const started = performance.now();
  const answer = await http<entities.CopyFlagStatesResponse>(project.baseUrl, project.key, 'POST', `/api/v2/projects/${project.projectId}/copy_flag_states`, {
    from_environment_id: from,
    to_environment_id: to,
    dry_run: dryRun,
  });
  const ms = performance.now() - started;
  if (answer.changes.length !== FLAGS) throw new Error(`the copy changed ${answer.changes.length} of ${FLAGS} states`);
  return ms;
}

/** The same rows written by one set-based INSERT … SELECT of the source's state rows, timed and rolled back. */
async function setBasedCopy(db: Database, from: number, to: number, rows: number): Promise<number> {
  return db
    .transaction(async (tx) => {
      const started = performance.now();
      const written = await tx.query(
        `INSERT INTO flag_states (flag_id, environment_id, project_id, enabled, feature_state_value, multivariate_values, segment_overrides, version)
         SELECT flag_id, $2, project_id, enabled, feature_state_value, multivariate_values, segment_overrides, 1 FROM flag_states WHERE environment_id = $1
         ON CONFLICT (flag_id, environment_id) DO UPDATE SET enabled = EXCLUDED.enabled, feature_state_value = EXCLUDED.feature_state_value,
           multivariate_values = EXCLUDED.multivariate_values, segment_overrides = EXCLUDED.segment_overrides, version = EXCLUDED.version
         RETURNING flag_id`,
        [from, to],
      );
      const ms = performance.now() - started;
      if (written.length !== rows) throw new Error(`the baseline wrote ${written.length} of ${rows} rows`);
      throw new RolledBack(ms);
    })
    .catch((error: unknown) => {
      if (error instanceof RolledBack) return error.ms;
      throw error;
    });
}

class RolledBack extends Error {
  constructor(readonly ms: number) {
    super('rolled back on purpose');
  }
}

async function http<Body>(baseUrl: string, key: string, method: string, path: string, body?: unknown): Promise<Body> {
  const headers: Record<string, string> = { authorization: `Bearer ${key}` };
  if (body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(`${baseUrl}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const answer = (await response.json()) as Body;
  if (response.status >= 300) throw new Error(`${method} ${path} answered ${response.status}: ${JSON.stringify(answer)}`);
  return answer;
}

function report(copies: number[], dryRuns: number[], baselines: number[]): void {
  const runs = (values: number[]) => values.map((ms) => fmt(ms, 1)).join(', ');
  const copy = percentile(copies, 50);
  const baseline = percentile(baselines, 50);
  console.log(`copy of ${fmt(FLAGS)} flag states into a fresh environment, ${copies.length} rounds, median (load average ${loadavg().map((n) => fmt(n, 1)).join(' ')})`);
  console.log(`  POST copy_flag_states through the gateway: ${fmt(copy, 1)} ms (runs: ${runs(copies)})`);
  console.log(`  the same, dry run (plan and answer, no append): ${fmt(percentile(dryRuns, 50), 1)} ms (runs: ${runs(dryRuns)})`);
  console.log(`  baseline one set-based INSERT … SELECT of the same rows: ${fmt(baseline, 2)} ms (runs: ${runs(baselines)})`);
  console.log(`target ≤ 1 s → ${fmt(copy, 1)} ms (${fmt(copy / baseline, 1)}× the INSERT) ${copy <= 1_000 ? 'met' : 'MISSED'}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
