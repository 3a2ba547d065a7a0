import type { entities } from '@strata/contracts';
import type { Database } from '@strata/database';
import type { EntityRow } from '../entities/entities.queries';

/**
 * What moving an environment into another project reads (SPEC §7), each row with its stream's version so the append
 * conflicts if anything changed since: the environment's own entities and the source project's project-wide ones,
 * the environment's flag states, those flags' project rollout groups and identity overrides, and which of their keys
 * the target already uses.
 */

export interface SourceState {
  flagId: string;
  state: entities.FlagStateSnapshot;
  version: number;
}

export interface SourceGroups {
  flagId: string;
  segmentOverrides: entities.SegmentOverride[];
  version: number;
}

export interface SourceOverride {
  flagId: string;
  identifier: string;
  enabled: boolean;
  featureStateValue: entities.FeatureStateValue | null;
}

export interface AdoptionSource {
  /** The environment's own entities (they keep their ids). */
  own: EntityRow[];
  /** The source's project-wide entities (they come along as copies). */
  shared: EntityRow[];
  states: SourceState[];
  projectGroups: SourceGroups[];
  identityOverrides: SourceOverride[];
  /** lower(key) → the target's flag of that key. */
  targetKeys: Map<string, string>;
  /** The target's tag labels, lower-cased. */
  targetLabels: Set<string>;
}

export interface AdoptionScope {
  environmentId: number;
  sourceProjectId: number;
  targetProjectId: number;
}

const COLUMNS = 'id, kind, project_id, environment_id, fields, tags, version, created_at, updated_at';

export async function loadAdoptionSource(db: Database, scope: AdoptionScope): Promise<AdoptionSource> {
  const { environmentId, sourceProjectId, targetProjectId } = scope;
  const rows = await db.query<EntityRow>(
    `SELECT ${COLUMNS} FROM entities WHERE project_id = $1 AND (environment_id IS NULL OR environment_id = $2) ORDER BY id`,
    [sourceProjectId, environmentId],
  );
  const flagIds = rows.filter((row) => row.kind === 'feature_flag').map((row) => row.id);
  const keys = rows.filter((row) => row.kind === 'feature_flag').map((row) => String(row.fields.key).toLowerCase());
  const [states, projectGroups, identityOverrides, target, labels] = await Promise.all([
    db.query<{ flag_id: string; enabled: boolean; feature_state_value: entities.FeatureStateValue | null; multivariate_values: entities.MultivariateStateValue[]; segment_overrides: entities.SegmentOverride[]; version: number }>(
      'SELECT flag_id, enabled, feature_state_value, multivariate_values, segment_overrides, version FROM flag_states WHERE environment_id = $1 AND flag_id = ANY($2::uuid[])',
      [environmentId, flagIds],
    ),
    db.query<{ flag_id: string; segment_overrides: entities.SegmentOverride[]; version: number }>(
      'SELECT flag_id, segment_overrides, version FROM flag_project_overrides WHERE flag_id = ANY($1::uuid[])',
      [flagIds],
    ),
    db.query<{ flag_id: string; identifier: string; enabled: boolean; feature_state_value: entities.FeatureStateValue | null }>(
      'SELECT flag_id, identifier, enabled, feature_state_value FROM identity_overrides WHERE environment_id = $1 AND flag_id = ANY($2::uuid[]) ORDER BY flag_id, identifier',
      [environmentId, flagIds],
    ),
    db.query<{ id: string; key: string }>('SELECT id, lower(flag_key) AS key FROM entities WHERE project_id = $1 AND lower(flag_key) = ANY($2::text[])', [targetProjectId, keys]),
    db.query<{ label: string }>('SELECT lower(label) AS label FROM tags WHERE project_id = $1', [targetProjectId]),
  ]);
  return {
    own: rows.filter((row) => row.environment_id !== null),
    shared: rows.filter((row) => row.environment_id === null),
    states: states.map((row) => ({
      flagId: row.flag_id,
      version: row.version,
      state: { enabled: row.enabled, featureStateValue: row.feature_state_value, multivariateValues: row.multivariate_values, segmentOverrides: row.segment_overrides },
    })),
    projectGroups: projectGroups.map((row) => ({ flagId: row.flag_id, segmentOverrides: row.segment_overrides, version: row.version })),
    identityOverrides: identityOverrides.map((row) => ({ flagId: row.flag_id, identifier: row.identifier, enabled: row.enabled, featureStateValue: row.feature_state_value })),
    targetKeys: new Map(target.map((row) => [row.key, row.id])),
    targetLabels: new Set(labels.map((row) => row.label)),
  };
}
