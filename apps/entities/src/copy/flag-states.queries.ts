import type { entities } from '@strata/contracts';
import type { Database } from '@strata/database';
import type { AggregateState } from '@strata/eventstore';
import { nameOf } from '../entities/entity';
import type { EntityRow } from '../entities/entities.queries';
import type { FlagStateState } from '../flags/flag-state';
import { loadedState, type FlagStateRow } from '../flags/flags.queries';
import { stateKey, type CohortsSeen } from './compare';

/**
 * What comparing two environments and copying flag states between them read (SPEC §11): the flags both see (the
 * project's project-wide ones), each environment's state of them at its stream's version, their project rollout groups,
 * identity override counts, and the cohorts either environment sees — a few set-based queries whatever the number of
 * flags, so a copy of thousands of states plans on one snapshot of each table.
 */

export interface EnvironmentPair {
  projectId: number;
  environmentIds: [number, number];
}

export interface LoadedStates {
  /** By key, then id. */
  flags: EntityRow[];
  /** Keyed `<environmentId>:<flagId>`; absent: the environment follows the definition's defaults. */
  states: Map<string, AggregateState<FlagStateState>>;
  projectGroups: Map<string, AggregateState<entities.SegmentOverride[]>>;
  /** Keyed `<environmentId>:<flagId>`. */
  identityCounts: Map<string, number>;
  cohorts: CohortsSeen;
}


const COLUMNS = 'id, kind, project_id, environment_id, fields, tags, version, created_at, updated_at';


export async function loadStates(db: Database, pair: EnvironmentPair, flagIds?: readonly string[]): Promise<LoadedStates> {
  const { projectId, environmentIds } = pair;
  const flags = await db.query<EntityRow>(
    `SELECT ${COLUMNS} FROM entities WHERE project_id = $1 AND kind = 'feature_flag' AND environment_id IS NULL AND ($2::uuid[] IS NULL OR id = ANY($2::uuid[]))
      ORDER BY lower(flag_key), id`,
    [projectId, flagIds ?? null],
  );
  const ids = flags.map((flag) => flag.id);
  const [states, groups, counts, cohorts] = await Promise.all([
    db.query<FlagStateRow>(
      `SELECT flag_id, environment_id, enabled, feature_state_value, multivariate_values, segment_overrides, version FROM flag_states
        WHERE flag_id = ANY($1::uuid[]) AND environment_id = ANY($2::bigint[])`,
      [ids, environmentIds],
    ),
    db.query<{ flag_id: string; segment_overrides: entities.SegmentOverride[]; version: number }>(
      'SELECT flag_id, segment_overrides, version FROM flag_project_overrides WHERE flag_id = ANY($1::uuid[])',
      [ids],
    ),
    db.query<{ flag_id: string; environment_id: string; n: string }>(
      `SELECT flag_id, environment_id, count(*) AS n FROM identity_overrides WHERE flag_id = ANY($1::uuid[]) AND environment_id = ANY($2::bigint[])
        GROUP BY flag_id, environment_id`,
      [ids, environmentIds],
    ),
    db.query<{ id: string; environment_id: string | null; fields: Record<string, unknown> }>(
      `SELECT id, environment_id, fields FROM entities WHERE project_id = $1 AND kind = 'cohort' AND (environment_id IS NULL OR environment_id = ANY($2::bigint[]))`,
      [projectId, environmentIds],
    ),
  ]);
  return {
    flags,
    states: new Map(states.map((row) => [stateKey(Number(row.environment_id), row.flag_id), loadedState(row)])),
    projectGroups: new Map(groups.map((row) => [row.flag_id, { state: row.segment_overrides, version: row.version }])),
    identityCounts: new Map(counts.map((row) => [stateKey(Number(row.environment_id), row.flag_id), Number(row.n)])),
    cohorts: new Map(cohorts.map((row) => [row.id, { name: nameOf('cohort', row.fields), environmentId: row.environment_id === null ? null : Number(row.environment_id) }])),
  };
}


/** An identity's override of a flag in an environment. */
export interface IdentityOverrideRow {
  flagId: string;
  environmentId: number;
  identifier: string;
  enabled: boolean;
  featureStateValue: entities.FeatureStateValue | null;
}

export async function identityOverridesOf(db: Database, flagIds: readonly string[], environmentIds: readonly number[]): Promise<IdentityOverrideRow[]> {
  const rows = await db.query<{ flag_id: string; environment_id: string; identifier: string; enabled: boolean; feature_state_value: entities.FeatureStateValue | null }>(
    `SELECT flag_id, environment_id, identifier, enabled, feature_state_value FROM identity_overrides
      WHERE flag_id = ANY($1::uuid[]) AND environment_id = ANY($2::bigint[]) ORDER BY flag_id, environment_id, identifier COLLATE "C"`,
    [flagIds, environmentIds],
  );
  return rows.map((row) => ({
    flagId: row.flag_id,
    environmentId: Number(row.environment_id),
    identifier: row.identifier,
    enabled: row.enabled,
    featureStateValue: row.feature_state_value,
  }));
}

/** Each environment's own entities of every kind, by kind and name. */
export async function ownEntitiesOf(db: Database, environmentIds: readonly number[]): Promise<Map<number, entities.OwnEntity[]>> {
  const rows = await db.query<{ id: string; kind: entities.EntityKind; environment_id: string; fields: Record<string, unknown> }>(
    'SELECT id, kind, environment_id, fields FROM entities WHERE environment_id = ANY($1::bigint[]) ORDER BY kind, search_text, id',
    [environmentIds],
  );
  const owned = new Map<number, entities.OwnEntity[]>(environmentIds.map((id) => [id, []]));
  for (const row of rows) owned.get(Number(row.environment_id))?.push({ kind: row.kind, id: row.id, name: nameOf(row.kind, row.fields) });
  return owned;
}
