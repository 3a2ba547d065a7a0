import { randomUUID } from 'node:crypto';
import type { exportFormat } from '@strata/contracts';
import type { Database } from '@strata/database';

export interface JsonBaseline {
  bytes: number;
  stringifyMs: number;
  parseMs: number;
}

/** `JSON.stringify` and `JSON.parse` of the same document, in this process: the floor of writing and reading it. */
export function jsonBaseline(file: exportFormat.ExportFile): JsonBaseline & { text: string } {
  let started = performance.now();
  const text = JSON.stringify(file);
  const stringifyMs = performance.now() - started;
  started = performance.now();
  JSON.parse(text);
  const parseMs = performance.now() - started;
  return { text, bytes: Buffer.byteLength(text), stringifyMs, parseMs };
}

export interface InsertBaseline {
  rows: number;
  statesMs: number;
  eventsMs: number;
}

/**
 * One set-based INSERT … SELECT FROM unnest of the rows an import writes, into temporary tables of their shape in the
 * entities schema: the state rows (`flag_states`, each with its segment overrides) and, apart, the event rows the
 * append stores for them (`events`). Best of three, each in its own transaction (the tables go at commit).
 */
export async function insertBaseline(db: Database, file: exportFormat.ExportFile, projectId: number): Promise<InsertBaseline> {
  const flagIds = new Map(file.features.map((feature) => [feature.name, randomUUID()]));
  const segmentIds = new Map(file.segments.map((segment) => [segment.name, randomUUID()]));
  const columns = { flags: [] as string[], environments: [] as number[], enabled: [] as boolean[], values: [] as string[], allocations: [] as string[], groups: [] as string[] };
  for (const [e, environment] of file.environments.entries()) {
    const groups = new Map<string, exportFormat.ExportFeatureSegment[]>();
    for (const group of environment.feature_segments) groups.set(group.feature, [...(groups.get(group.feature) ?? []), group]);
    for (const state of environment.feature_states) {
      columns.flags.push(flagIds.get(state.feature)!);
      columns.environments.push(e + 1);
      columns.enabled.push(state.enabled);
      columns.values.push(JSON.stringify(state.feature_state_value));
      columns.allocations.push(JSON.stringify(state.multivariate_feature_state_values));
      const overrides = (groups.get(state.feature) ?? []).map((group) => ({
        segment_id: segmentIds.get(group.segment), priority: group.priority, scope: 'environment', ...group.feature_state,
      }));
      columns.groups.push(JSON.stringify(overrides));
    }
  }
  let statesMs = Infinity;
  let eventsMs = Infinity;
  for (let run = 0; run < 3; run++) {
    statesMs = Math.min(statesMs, await timed(db, 'CREATE TEMP TABLE bench_states (LIKE flag_states INCLUDING ALL) ON COMMIT DROP', `
      INSERT INTO bench_states (flag_id, environment_id, project_id, enabled, feature_state_value, multivariate_values, segment_overrides, version)
      SELECT f, e, $7, en, v::jsonb, a::jsonb, g::jsonb, 1 FROM unnest($1::uuid[], $2::bigint[], $3::boolean[], $4::text[], $5::text[], $6::text[]) AS u(f, e, en, v, a, g)`,
      [columns.flags, columns.environments, columns.enabled, columns.values, columns.allocations, columns.groups, projectId]));
    const data = columns.flags.map((flag, i) => `{"flagId":"${flag}","environmentId":${columns.environments[i]},"state":{"segmentOverrides":${columns.groups[i]}}}`);
    eventsMs = Math.min(eventsMs, await timed(db, EVENTS_TABLE, `
      INSERT INTO bench_events (id, stream_id, stream_position, type, data)
      SELECT gen_random_uuid(), 'flag-state-' || i, 1, 'FlagStateChanged', d::jsonb FROM unnest($1::text[]) WITH ORDINALITY AS u(d, i)`,
      [data]));
  }
  return { rows: columns.flags.length, statesMs, eventsMs };
}

/** The shape of `events` (its keys and indexes), with a sequence of its own. */
const EVENTS_TABLE = `CREATE TEMP TABLE bench_events (
  global_position bigserial PRIMARY KEY, id uuid NOT NULL UNIQUE, stream_id text NOT NULL, stream_position integer NOT NULL,
  type text NOT NULL, data jsonb NOT NULL, metadata jsonb NOT NULL DEFAULT '{}', transaction_id xid8 NOT NULL DEFAULT pg_current_xact_id(),
  created_at timestamptz NOT NULL DEFAULT now(), UNIQUE (stream_id, stream_position)) ON COMMIT DROP;
  CREATE INDEX ON bench_events (transaction_id, global_position)`;

async function timed(db: Database, create: string, insert: string, params: unknown[]): Promise<number> {
  return db.transaction(async (tx) => {
    await tx.query(create);
    const started = performance.now();
    await tx.query(insert, params);
    return performance.now() - started;
  });
}
