import { entities } from '@strata/contracts';
import type { Database } from '@strata/database';
import type { RpcClient } from '@strata/messaging';
import { closedLoop, httpGetter, type LoadOptions, type LoadResult } from '../gateway/load';

type Scope = entities.EnvironmentScope;

export interface ListFigures {
  /** `GET …/feature_flags/?limit=1000` through the gateway, or `undefined` when the gateway has no such route yet. */
  gateway?: LoadResult;
  /** The same page asked of the entities service straight over NATS (`entities.list`). */
  service: LoadResult;
  /** The same rows by one plain SQL query on a pooled connection. */
  sql: LoadResult;
  /** A bare gateway round trip: `GET /api/v2/environments/:id` (gateway → NATS → projects, one row). */
  roundTrip: LoadResult;
}

export interface ListTarget {
  baseUrl: string;
  key: string;
  scope: Scope;
  rpc: RpcClient;
  db: Database;
}

export async function measureList(target: ListTarget, load: LoadOptions, rows: number): Promise<ListFigures> {
  const headers = { authorization: `Bearer ${target.key}` };
  const listUrl = `${target.baseUrl}/api/v2/environments/${target.scope.environmentId}/feature_flags/?limit=${rows}`;
  const gateway = (await routeAnswers(listUrl, headers, rows)) ? await measureHttp(listUrl, headers, load) : undefined;
  const request: entities.ListEntitiesRequest = { in: target.scope, kind: 'feature_flag', scope: 'all', page: { limit: rows, offset: 0 } };
  // The page's items arrive as JSON text, not parsed here: the gateway does not parse them either.
  const service = await closedLoop(async () => {
    const page = await target.rpc.request<entities.ListEntitiesResponse>(entities.EntitiesSubjects.list, request);
    return page.count >= rows && page.results.bytes.length > rows;
  }, load);
  const sql = await closedLoop(async () => (await plainQuery(target.db, target.scope, rows)).length === rows, load);
  const roundTrip = await measureHttp(`${target.baseUrl}/api/v2/environments/${target.scope.environmentId}`, headers, load);
  return { gateway, service, sql, roundTrip };
}

/** What the list reads, as one hand-written query: the baseline's rows are the list's rows. */
function plainQuery(db: Database, scope: Scope, rows: number): Promise<unknown[]> {
  return db.query(
    `SELECT id, kind, project_id, environment_id, fields, tags, version, created_at, updated_at FROM entities
      WHERE kind = 'feature_flag' AND project_id = $1 AND (environment_id IS NULL OR environment_id = $2)
      ORDER BY created_at DESC, id DESC LIMIT $3`,
    [scope.projectId, scope.environmentId, rows],
  );
}

async function routeAnswers(url: string, headers: Record<string, string>, rows: number): Promise<boolean> {
  const response = await fetch(url, { headers });
  if (response.status !== 200) return false;
  return ((await response.json()) as { results: unknown[] }).results.length === rows;
}

export async function measureHttp(url: string, headers: Record<string, string>, load: LoadOptions): Promise<LoadResult> {
  const client = httpGetter(url, headers, load.concurrency);
  try {
    return await closedLoop(client.get, load);
  } finally {
    client.close();
  }
}
