import type { entities } from '@strata/contracts';
import type { Database } from '@strata/database';
import { nameOf } from '../entities/entity';
import { reachableFrom } from '../entities/entities.queries';
import { matchKey, type CopyNode, type CopySource, type CopyTarget, type SeenInTarget, type SourceState } from './entity-copy';

/**
 * What a copy reads (SPEC §11): in the source, everything the roots reach — through bodies, and through the rollout
 * groups of the flags' states in the source environment (cohorts reference no flag, so two rounds at most) — with the
 * flags' states; in the target, what it sees of the same kinds and names, and the flag keys its project has.
 */
export async function loadCopySource(db: Database, from: entities.EnvironmentScope, roots: readonly string[]): Promise<CopySource> {
  const nodes = new Map<string, CopyNode>();
  const states = new Map<string, SourceState>();
  let next = [...roots];
  while (next.length > 0) {
    const reached = await reachableFrom(db, from.projectId, next);
    for (const [id, node] of reached) nodes.set(id, { row: node.row, references: node.references });
    const flags = [...reached.values()].filter((node) => node.kind === 'feature_flag').map((node) => node.id);
    for (const [flagId, state] of await flagStatesIn(db, from.environmentId, flags)) states.set(flagId, state);
    next = [...new Set(flags.flatMap((flagId) => cohortsOf(states.get(flagId))))].filter((id) => !nodes.has(id));
  }
  return { nodes, states };
}

function cohortsOf(state: SourceState | undefined): string[] {
  return [...(state?.state?.segmentOverrides ?? []), ...(state?.projectGroups ?? [])].map((group) => group.segment_id);
}

async function flagStatesIn(db: Database, environmentId: number, flagIds: readonly string[]): Promise<Map<string, SourceState>> {
  if (flagIds.length === 0) return new Map();
  const rows = await db.query<{
    flag_id: string;
    enabled: boolean | null;
    feature_state_value: entities.FeatureStateValue | null;
    multivariate_values: entities.MultivariateStateValue[] | null;
    segment_overrides: entities.SegmentOverride[] | null;
    set: boolean;
    project_groups: entities.SegmentOverride[] | null;
  }>(
    `SELECT f.id AS flag_id, s.enabled, s.feature_state_value, s.multivariate_values, s.segment_overrides, s.flag_id IS NOT NULL AS set, p.segment_overrides AS project_groups
       FROM unnest($1::uuid[]) AS f(id)
       LEFT JOIN flag_states s ON s.flag_id = f.id AND s.environment_id = $2
       LEFT JOIN flag_project_overrides p ON p.flag_id = f.id
      WHERE s.flag_id IS NOT NULL OR jsonb_array_length(p.segment_overrides) > 0`,
    [flagIds, environmentId],
  );
  return new Map(
    rows.map((row) => {
      const state = row.set
        ? { enabled: row.enabled ?? false, featureStateValue: row.feature_state_value, multivariateValues: row.multivariate_values ?? [], segmentOverrides: row.segment_overrides ?? [] }
        : null;
      return [row.flag_id, { state, projectGroups: row.project_groups ?? [] }];
    }),
  );
}

/** The target environment as a copy of `source`'s nodes meets it: same-named entities it sees, its project's flag keys. */
export async function loadCopyTarget(db: Database, to: entities.EnvironmentScope, sourceProjectId: number, source: CopySource): Promise<CopyTarget> {
  const rows = [...source.nodes.values()].map((node) => node.row);
  const names = [...new Set(rows.map((row) => nameOf(row.kind, row.fields)))];
  const keys = rows.filter((row) => row.kind === 'feature_flag').map((row) => String(row.fields.key).toLowerCase());
  const [seen, flags] = await Promise.all([
    db.query<{ id: string; kind: entities.EntityKind; environment_id: string | null; fields: Record<string, unknown> }>(
      `SELECT id, kind, environment_id, fields FROM entities
        WHERE project_id = $1 AND (environment_id IS NULL OR environment_id = $2) AND (fields->>'name' = ANY($3::text[]) OR lower(flag_key) = ANY($4::text[]))
        ORDER BY id`,
      [to.projectId, to.environmentId, names, keys],
    ),
    db.query<{ id: string; key: string }>('SELECT id, lower(flag_key) AS key FROM entities WHERE project_id = $1 AND lower(flag_key) = ANY($2::text[])', [to.projectId, keys]),
  ]);
  const visible = new Map<string, SeenInTarget>();
  for (const row of seen) {
    const key = matchKey(row.kind, nameOf(row.kind, row.fields));
    if (!visible.has(key)) visible.set(key, { id: row.id, environmentId: row.environment_id === null ? null : Number(row.environment_id) });
  }
  return { scope: to, sameProject: sourceProjectId === to.projectId, visible, flagKeys: new Map(flags.map((row) => [row.key, row.id])) };
}
