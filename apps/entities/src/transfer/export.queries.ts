import type { entities } from '@strata/contracts';
import type { Database } from '@strata/database';

/**
 * The SQL the export reads with: each section in id order (UUID v7, so creation order — an import creates in the
 * file's order, and exporting the imported project writes the same order), after a cursor, a bounded page at a time.
 */

export interface TagRow {
  id: string;
  label: string;
  color: string | null;
  description: string;
  is_permanent: boolean;
}

export async function tagsAfter(db: Database, projectId: number, after: string | null, limit: number): Promise<TagRow[]> {
  return db.query<TagRow>(
    'SELECT id, label, color, description, is_permanent FROM tags WHERE project_id = $1 AND ($2::uuid IS NULL OR id > $2::uuid) ORDER BY id LIMIT $3',
    [projectId, after, limit],
  );
}

export interface EntityPageRow {
  id: string;
  environment_id: string | null;
  fields: Record<string, unknown>;
  tags: string[];
}

/** The project-wide entities of a kind and those of the listed environments (others are not exported). */
export async function entitiesAfter(db: Database, projectId: number, kind: entities.EntityKind, environmentIds: number[], after: string | null, limit: number): Promise<EntityPageRow[]> {
  return db.query<EntityPageRow>(
    `SELECT id, environment_id, fields, tags FROM entities
      WHERE project_id = $1 AND kind = $2 AND (environment_id IS NULL OR environment_id = ANY($3::bigint[])) AND ($4::uuid IS NULL OR id > $4::uuid)
      ORDER BY id LIMIT $5`,
    [projectId, kind, environmentIds, after, limit],
  );
}

/** Names of cohorts and actions a page references (by id). */
export async function namesOf(db: Database, projectId: number, ids: readonly string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db.query<{ id: string; name: string }>("SELECT id, fields->>'name' AS name FROM entities WHERE project_id = $1 AND id = ANY($2::uuid[])", [projectId, ids]);
  return new Map(rows.map((row) => [row.id, row.name]));
}

export interface FlagStateRow {
  id: string;
  fields: Record<string, unknown>;
  environment_id: string | null;
  state_version: number | null;
  enabled: boolean | null;
  feature_state_value: entities.FeatureStateValue | null;
  multivariate_values: entities.MultivariateStateValue[] | null;
  segment_overrides: entities.SegmentOverride[] | null;
  project_overrides: entities.SegmentOverride[] | null;
}

/**
 * Every flag the environment sees (its own and the project-wide), with its state there and the project's groups. The
 * page's flags are picked first, so only they are joined to their states (not every flag of the project, each page).
 */
export async function flagStatesAfter(db: Database, projectId: number, environmentId: number, after: string | null, limit: number): Promise<FlagStateRow[]> {
  return db.query<FlagStateRow>(
    `SELECT e.id, e.fields, e.environment_id, s.version AS state_version, s.enabled, s.feature_state_value, s.multivariate_values,
            s.segment_overrides, p.segment_overrides AS project_overrides
       FROM (SELECT id, fields, environment_id FROM entities
              WHERE project_id = $1 AND kind = 'feature_flag' AND (environment_id IS NULL OR environment_id = $2) AND ($3::uuid IS NULL OR id > $3::uuid)
              ORDER BY id LIMIT $4) AS e
       LEFT JOIN flag_states s ON s.flag_id = e.id AND s.environment_id = $2
       LEFT JOIN flag_project_overrides p ON p.flag_id = e.id
      ORDER BY e.id`,
    [projectId, environmentId, after, limit],
  );
}

export interface IdentityRow {
  flag_id: string;
  flag_key: string;
  identifier: string;
  enabled: boolean;
  feature_state_value: entities.FeatureStateValue | null;
}

/** The environment's identity overrides by flag, then identifier (byte order, so the order never depends on a locale). */
export async function identityOverridesAfter(db: Database, projectId: number, environmentId: number, after: { flag: string; identifier: string } | null, limit: number): Promise<IdentityRow[]> {
  return db.query<IdentityRow>(
    `SELECT o.flag_id, e.flag_key, o.identifier, o.enabled, o.feature_state_value
       FROM identity_overrides o JOIN entities e ON e.id = o.flag_id
      WHERE o.environment_id = $1 AND e.project_id = $2
        AND ($3::uuid IS NULL OR (o.flag_id, o.identifier COLLATE "C") > ($3::uuid, $4::text COLLATE "C"))
      ORDER BY o.flag_id, o.identifier COLLATE "C" LIMIT $5`,
    [environmentId, projectId, after?.flag ?? null, after?.identifier ?? null, limit],
  );
}
