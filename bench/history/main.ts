// History and activity (SPEC §8, §10): the history of an entity with 1,000 versions and a page of 100 activity entries,
// each through the gateway beside the same rows read by one plain SQL query plus a bare gateway round trip (target
// ≤ 2×); an activity page's rows live in three logs (entities, projects, taxonomy), so its baseline is one query of each. Every
// figure beside its baseline, from the same run.
// Run: npm run bench:history   (BENCH_SECONDS, default 5 per figure)
import { entities } from '@strata/contracts';
import type { Database } from '@strata/database';
import type { RpcClient } from '@strata/messaging';
import { measureHttp } from '../entities/list';
import { withEntitiesSystem } from '../entities/system';
import { fmt } from '../eventstore/stats';
import { closedLoop, type LoadOptions, type LoadResult } from '../gateway/load';

const VERSIONS = 1_000;
const PAGE = 100;
const seconds = Number(process.env.BENCH_SECONDS ?? 5);
/** One request at a time: the target compares the time of one read with the time of its baselines. */
const SERIAL: LoadOptions = { concurrency: 1, durationMs: seconds * 1000, warmupMs: 500 };

async function main(): Promise<void> {
  await withEntitiesSystem(async ({ baseUrl, key, scope, rpc, db }, system) => {
    const logs = [db, await system.kit.database('projects'), await system.kit.database('taxonomy')];
    const id = await seedVersions(rpc, scope, VERSIONS);
    const headers = { authorization: `Bearer ${key}` };
    const base = `${baseUrl}/api/v2/environments/${scope.environmentId}`;
    const roundTrip = await measureHttp(base, headers, SERIAL);
    const history = await measureHttp(`${base}/actions/${id}/history/?limit=${VERSIONS}`, headers, SERIAL);
    const historySql = await closedLoop(async () => (await versionsBySql(db, id)).length === VERSIONS, SERIAL);
    const activity = await measureHttp(`${base}/activity/?limit=${PAGE}`, headers, SERIAL);
    const activitySql = await closedLoop(async () => (await activityBySql(logs, scope)).length === PAGE, SERIAL);
    report(`history of an action with ${fmt(VERSIONS)} versions, one page`, history, ['one plain SQL query of the same rows', historySql], roundTrip);
    report(`a page of ${PAGE} activity entries`, activity, ['plain SQL of the same rows (a query per log they live in: entities, projects, taxonomy)', activitySql], roundTrip);
  }, ['taxonomy']);
}

/** An action edited until its stream holds `versions` versions, one edit at a time (each is a version). */
async function seedVersions(rpc: RpcClient, scope: entities.EnvironmentScope, versions: number): Promise<string> {
  const { result } = await rpc.request<entities.EntityResponse>(entities.EntitiesSubjects.create, { in: scope, kind: 'action', fields: { name: 'bench action' } });
  for (let i = 2; i <= versions; i++) {
    const changes = { name: `bench action ${i}`, description: `edit ${i}`, steps: [{ event: `event-${i % 7}` }] };
    await rpc.request(entities.EntitiesSubjects.update, { in: scope, kind: 'action', id: result.id, changes });
  }
  return result.id;
}

/** The history's rows, by one hand-written query. */
function versionsBySql(db: Database, id: string): Promise<unknown[]> {
  return db.query('SELECT version, at, actor, action, changes FROM change_log WHERE subject = $1 ORDER BY version DESC LIMIT $2', [`entity-${id}`, VERSIONS]);
}

/**
 * The page's rows, where they live: one hand-written query per service's log (entities, projects, taxonomy) — the own and the
 * project's entries of each — merged newest first.
 */
async function activityBySql(databases: Database[], scope: entities.EnvironmentScope): Promise<unknown[]> {
  const pages = [];
  for (const database of databases) {
    pages.push(
      ...(await database.query<{ at: Date }>(
        `SELECT id, at, actor, action, kind, entity_id, name, correlation_id, changes FROM change_log
          WHERE environment_id = $2 OR (environment_id IS NULL AND project_id = $1) ORDER BY position DESC LIMIT $3`,
        [scope.projectId, scope.environmentId, PAGE],
      )),
    );
  }
  return pages.sort((a, b) => b.at.getTime() - a.at.getTime()).slice(0, PAGE);
}

const line = (label: string, r: LoadResult) => `${label}: p50 ${fmt(r.p50, 2)} ms, p99 ${fmt(r.p99, 2)} ms, ${fmt(r.perSecond)} req/s (${fmt(r.requests)} requests, ${r.errors} errors)`;

function report(what: string, gateway: LoadResult, [label, sql]: [string, LoadResult], roundTrip: LoadResult): void {
  console.log(`${what}, one at a time (${SERIAL.durationMs / 1000} s each, loopback)`);
  console.log(line('  through the gateway', gateway));
  console.log(line(`  baseline ${label}`, sql));
  console.log(line('  baseline bare gateway round trip (GET /api/v2/environments/:id)', roundTrip));
  const baseline = sql.p50 + roundTrip.p50;
  const ratio = gateway.p50 / baseline;
  console.log(`  target ≤ 2× (SQL + round trip), p50: ${fmt(gateway.p50, 2)} ms vs ${fmt(baseline, 2)} ms → ${fmt(ratio, 2)}× ${ratio <= 2 ? 'met' : 'MISSED'}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
