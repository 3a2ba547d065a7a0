import { textPage, type entities, type PageRequest, type TextPage } from '@strata/contracts';
import type { Database } from '@strata/database';
import type { AggregateState } from '@strata/eventstore';
import type { CohortScopes, FlagStateState } from './flag-state';

/** A flag's state in one environment as the read model holds it, each part at its stream's version. */
export interface LoadedFlagState {
  environment: AggregateState<FlagStateState>;
  project: AggregateState<entities.SegmentOverride[]>;
}

interface StateRow {
  enabled: boolean | null;
  feature_state_value: entities.FeatureStateValue | null;
  multivariate_values: entities.MultivariateStateValue[] | null;
  segment_overrides: entities.SegmentOverride[] | null;
  version: number | null;
  project_overrides: entities.SegmentOverride[] | null;
  project_version: number | null;
}

export async function flagStateOf(db: Database, flagId: string, environmentId: number): Promise<LoadedFlagState> {
  const [row] = await db.query<StateRow>(
    `SELECT s.enabled, s.feature_state_value, s.multivariate_values, s.segment_overrides, s.version,
            p.segment_overrides AS project_overrides, p.version AS project_version
       FROM (SELECT $1::uuid AS flag_id) f
       LEFT JOIN flag_states s ON s.flag_id = f.flag_id AND s.environment_id = $2
       LEFT JOIN flag_project_overrides p ON p.flag_id = f.flag_id`,
    [flagId, environmentId],
  );
  const state: FlagStateState =
    row.version === null
      ? { status: 'default' }
      : {
          status: 'set',
          state: { enabled: row.enabled ?? false, featureStateValue: row.feature_state_value, multivariateValues: row.multivariate_values ?? [], segmentOverrides: row.segment_overrides ?? [] },
        };
  return { environment: { state, version: row.version ?? 0 }, project: { state: row.project_overrides ?? [], version: row.project_version ?? 0 } };
}

/** A row of `flag_states`: one environment's state of one flag, at its stream's version. */
export interface FlagStateRow {
  flag_id: string;
  environment_id: string;
  enabled: boolean;
  feature_state_value: entities.FeatureStateValue | null;
  multivariate_values: entities.MultivariateStateValue[];
  segment_overrides: entities.SegmentOverride[];
  version: number;
}

/** The state a row holds, as the state's decider folds it, at the row's version. */
export function loadedState(row: FlagStateRow): AggregateState<FlagStateState> {
  const state = { enabled: row.enabled, featureStateValue: row.feature_state_value, multivariateValues: row.multivariate_values, segmentOverrides: row.segment_overrides };
  return { state: { status: 'set', state }, version: row.version };
}

/**
 * The ETag of a state: the sum of its two streams' versions. Every change of either raises it, so a value is never
 * seen twice, and an `If-Match` taken before a project group changed (through another environment) no longer holds.
 */
export function stateVersion(loaded: LoadedFlagState): number {
  return loaded.environment.version + loaded.project.version;
}

/** SPEC §4.4's state: this environment's own rollout groups and the project's, sorted by priority. */
export function flagStateBody(
  flagId: string,
  environmentId: number,
  defaults: entities.FlagStateSnapshot,
  loaded: LoadedFlagState,
  evaluations?: entities.FlagEvaluations,
): entities.FlagStateResponse {
  const state = loaded.environment.state.status === 'set' ? loaded.environment.state.state : defaults;
  const groups = [...state.segmentOverrides, ...loaded.project.state].sort((a, b) => a.priority - b.priority);
  const version = stateVersion(loaded);
  return {
    result: {
      feature_flag_id: flagId,
      environment_id: environmentId,
      enabled: state.enabled,
      feature_state_value: state.featureStateValue,
      multivariate_feature_state_values: state.multivariateValues,
      segment_overrides: groups,
      version,
      ...(evaluations && { evaluations }),
    },
    version,
  };
}

/** The project's cohorts among `ids`: their environment, or `null` when project-wide (others are simply absent). */
export async function cohortScopesOf(db: Database, projectId: number, ids: readonly string[]): Promise<CohortScopes> {
  if (ids.length === 0) return new Map();
  const rows = await db.query<{ id: string; environment_id: string | null }>(
    "SELECT id, environment_id FROM entities WHERE project_id = $1 AND kind = 'cohort' AND id = ANY($2::uuid[])",
    [projectId, ids],
  );
  return new Map(rows.map((row) => [row.id, row.environment_id === null ? null : Number(row.environment_id)]));
}

interface IdentityRow {
  identifier: string;
  enabled: boolean;
  feature_state_value: entities.FeatureStateValue | null;
  total: string;
}

export async function identityOverridesPage(db: Database, flagId: string, environmentId: number, page: PageRequest): Promise<TextPage<entities.IdentityOverride>> {
  const rows = await db.query<IdentityRow>(
    `SELECT identifier, enabled, feature_state_value, count(*) OVER () AS total FROM identity_overrides
      WHERE flag_id = $1 AND environment_id = $2 ORDER BY identifier LIMIT $3 OFFSET $4`,
    [flagId, environmentId, page.limit, page.offset],
  );
  const count = rows.length > 0 ? Number(rows[0].total) : await countOverrides(db, flagId, environmentId);
  return textPage(count, rows.map(({ identifier, enabled, feature_state_value }) => ({ identifier, enabled, feature_state_value })));
}

async function countOverrides(db: Database, flagId: string, environmentId: number): Promise<number> {
  const [row] = await db.query<{ total: string }>('SELECT count(*) AS total FROM identity_overrides WHERE flag_id = $1 AND environment_id = $2', [flagId, environmentId]);
  return Number(row.total);
}
