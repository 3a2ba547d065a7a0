import { JsonText, NotFoundError, entities, type PageRequest, type TextPage } from '@strata/contracts';
import { referencesOf } from '@strata/rules';
import type { Database } from '@strata/database';
import { labelOf, nameOf, type ExistingEntity, type Seen } from './entity';
import type { GraphNode, Holder } from './graph';
import { staleCondition, staleCutoff } from '../flags/evaluations.queries';

/** A row of `entities`: an entity's latest state, at `version` (its stream's). */
export interface EntityRow {
  id: string;
  kind: entities.EntityKind;
  project_id: string;
  environment_id: string | null;
  fields: Record<string, unknown>;
  tags: string[];
  version: number;
  created_at: Date;
  updated_at: Date;
}

const COLUMNS = 'id, kind, project_id, environment_id, fields, tags, version, created_at, updated_at';

/** SPEC §4.4's body: the kind's fields beside what every entity has. */
export function entityBody(row: EntityRow): entities.Entity {
  const environmentId = row.environment_id === null ? null : Number(row.environment_id);
  return {
    ...(row.fields as entities.KindFields),
    id: row.id,
    is_project_wide: environmentId === null,
    environment_id: environmentId,
    project_id: Number(row.project_id),
    tags: row.tags,
    version: row.version,
    created_at: row.created_at.toISOString(),
    updated_at: row.updated_at.toISOString(),
  };
}

/** Written by Postgres as `Date.toISOString` writes it (both truncate to the millisecond), so node-postgres parses no date. */
const isoText = (column: string) => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS ${column}`;

/** What `entityBody` adds to the kind's fields, in its order. */
const COMMON_KEYS = ['id', 'is_project_wide', 'environment_id', 'project_id', 'tags', 'version', 'created_at', 'updated_at'] as const;

/**
 * A list's columns: the fields as Postgres writes their JSON (node-postgres parses no `jsonb`, so a thousand rows' fields
 * are never decoded and encoded again), and whether they hold a key named like a common one (no kind has one).
 */
const LISTED_COLUMNS =
  `id, kind, project_id, environment_id, fields::text AS fields, tags, version, ${isoText('created_at')}, ${isoText('updated_at')}, ` +
  `fields ?| ARRAY[${COMMON_KEYS.map((key) => `'${key}'`).join(', ')}] AS clashes`;

/** A row as a list reads it: its fields and times already JSON and ISO text. */
export type ListedRow = Omit<EntityRow, 'fields' | 'created_at' | 'updated_at'> & { fields: string; clashes: boolean; created_at: string; updated_at: string };

/**
 * The JSON of `entityBody(row)`, written without building the body: the fields' text as Postgres wrote it, then what
 * every entity has (a field named like one of those — no kind has one — takes the long way, where the spread puts it).
 * The same value and key order as a single read's body; only the whitespace Postgres puts in `jsonb` text differs.
 */
export function entityBodyJson(row: ListedRow): string {
  if (row.clashes) {
    return JSON.stringify(entityBody({ ...row, fields: JSON.parse(row.fields) as Record<string, unknown>, created_at: new Date(row.created_at), updated_at: new Date(row.updated_at) }));
  }
  const environmentId = row.environment_id === null ? null : Number(row.environment_id);
  const common =
    `"id":${JSON.stringify(row.id)},"is_project_wide":${environmentId === null},"environment_id":${environmentId},` +
    `"project_id":${Number(row.project_id)},"tags":${JSON.stringify(row.tags)},"version":${row.version},` +
    `"created_at":"${row.created_at}","updated_at":"${row.updated_at}"`;
  const own = row.fields.slice(1, -1).trim();
  return own === '' ? `{${common}}` : `{${own}, ${common}}`;
}

/**
 * The state the entity's stream folds to, as its row holds it at `version`: a decision made on the row pins the stream
 * to that version, so a row read before another change conflicts and the decision is made again on a fresh one.
 */
export function stateOf(row: EntityRow): ExistingEntity {
  const { id, kind, fields, tags } = row;
  const environmentId = row.environment_id === null ? null : Number(row.environment_id);
  const times = { createdAt: row.created_at.toISOString(), updatedAt: row.updated_at.toISOString() };
  return { status: 'active', id, kind, projectId: Number(row.project_id), environmentId, fields, tags, references: referencesOf(kind, fields), ...times };
}

/** The entity as `from` sees it: another kind, project or environment's own is 404, as absent is. */
export async function findVisible(db: Database, from: Seen, id: string): Promise<EntityRow> {
  const [row] = await db.query<EntityRow>(
    `SELECT ${COLUMNS} FROM entities WHERE id = $1 AND kind = $2 AND project_id = $3 AND (environment_id IS NULL OR environment_id = $4)`,
    [id, from.kind, from.projectId, from.environmentId],
  );
  if (row === undefined) throw new NotFoundError(`${labelOf(from.kind)} not found.`);
  return row;
}

export interface EntityFilter {
  kind: entities.EntityKind;
  projectId: number;
  /** The environment seen from; `undefined` for the project-level list (project-wide only). */
  environmentId?: number;
  scope: entities.ListScope;
  search?: string;
  /** Flags seen from `environmentId` only. */
  stale?: entities.StaleFilter;
}

/** Newest first; `search` matches the name (a flag's key or name) case-insensitively. */
export async function entitiesPage(db: Database, filter: EntityFilter, page: PageRequest): Promise<TextPage<entities.Entity>> {
  // Seen from no environment, `environment_id = NULL` matches nothing: only project-wide rows remain.
  const seenFrom = filter.scope === 'project' ? null : (filter.environmentId ?? null);
  const scope = filter.scope === 'environment' ? 'environment_id = $4::bigint' : '(environment_id IS NULL OR environment_id = $4::bigint)';
  const values: unknown[] = [filter.kind, filter.projectId, containsPattern(filter.search), seenFrom];
  let where = `kind = $1 AND project_id = $2 AND ($3::text IS NULL OR search_text ILIKE $3) AND ${scope}`;
  if (filter.stale !== undefined && filter.kind === 'feature_flag') {
    values.push(filter.environmentId ?? null, filter.stale.days, filter.stale.at ?? null);
    where += ` AND ${staleCondition('$5::bigint', staleCutoff('$6', '$7'))}`;
  }
  const rows = await db.query<ListedRow & { total: string }>(
    `SELECT ${LISTED_COLUMNS}, count(*) OVER () AS total FROM entities WHERE ${where} ORDER BY created_at DESC, id DESC LIMIT $${values.length + 1} OFFSET $${values.length + 2}`,
    [...values, page.limit, page.offset],
  );
  // A page past the end has no row for the window count to ride on.
  const count = rows.length > 0 ? Number(rows[0].total) : Number((await db.query<{ total: string }>(`SELECT count(*) AS total FROM entities WHERE ${where}`, values))[0].total);
  return { count, results: JsonText.ofItems(rows.map(entityBodyJson)) };
}


/**
 * What depends on an entity, as `from` sees it: the entities it sees (its own and the project-wide) whose body
 * references it, or whose rollout groups use it there or project-wide — never a sibling environment's own, nor the
 * use a sibling's rollout groups make of it. The entity itself must be one `from` sees (404 otherwise).
 */
export async function dependentsSeenFrom(db: Database, from: Seen, id: string): Promise<entities.DependentEntity[]> {
  await findVisible(db, from, id);
  const rows = await db.query<{ kind: entities.EntityKind; id: string; environment_id: string | null; fields: Record<string, unknown> }>(
    `SELECT e.kind, e.id, e.environment_id, e.fields FROM entities e
      WHERE e.project_id = $2 AND (e.environment_id IS NULL OR e.environment_id = $3)
        AND EXISTS (SELECT 1 FROM entity_references r WHERE r.from_id = e.id AND r.to_id = $1 AND (r.via_environment_id IS NULL OR r.via_environment_id = $3))
      ORDER BY e.kind, e.search_text, e.id`,
    [id, from.projectId, from.environmentId],
  );
  return rows.map((row) => ({ kind: row.kind, id: row.id, name: nameOf(row.kind, row.fields), is_project_wide: row.environment_id === null }));
}

function containsPattern(search: string | undefined): string | null {
  if (search === undefined || search.trim() === '') return null;
  return `%${search.trim().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** A graph node with its row: what a decision loads of the entities it references, pins included. */
export interface ReachedNode extends GraphNode {
  row: EntityRow;
}

/**
 * Everything the roots reach through body references, the roots included, with their rows — in one statement, so one
 * snapshot: what the decision checks (visible, no cycle), what it promotes and the versions it pins those at can never
 * disagree, as a second read could (a reference seen visible, then found demoted or deleted).
 */
export async function reachableFrom(db: Database, projectId: number, roots: readonly string[]): Promise<Map<string, ReachedNode>> {
  if (roots.length === 0) return new Map();
  const rows = await db.query<EntityRow & { refs: entities.EntityReference[] }>(
    `SELECT ${COLUMNS},
            COALESCE((SELECT json_agg(json_build_object('id', r.to_id, 'field', r.field, 'kind', t.kind))
                        FROM entity_references r JOIN entities t ON t.id = r.to_id
                       WHERE r.from_id = e.id AND NOT r.via_project AND r.via_environment_id IS NULL), '[]') AS refs
       FROM entities e
      WHERE e.project_id = $1 AND e.id IN (
        WITH RECURSIVE reached(id) AS (
          SELECT unnest($2::uuid[])
          UNION SELECT r.to_id FROM entity_references r JOIN reached ON r.from_id = reached.id
           WHERE NOT r.via_project AND r.via_environment_id IS NULL
        ) SELECT id FROM reached)`,
    [projectId, roots],
  );
  return new Map(
    rows.map(({ refs, ...row }) => [row.id, { id: row.id, kind: row.kind, environmentId: row.environment_id === null ? null : Number(row.environment_id), references: refs, row }]),
  );
}

/**
 * Who holds on to an entity: entities whose body references it (living where they live), flags whose rollout groups
 * use it (in one environment, or the project's), and, for a flag, the environments where it is on or targeted: a
 * state enabled or with rollout groups, identity overrides — or no state at all while the definition is on by default.
 */
export async function holdersOf(db: Database, id: string): Promise<Holder[]> {
  const rows = await db.query<{ kind: entities.Dependent['kind']; id: string; environment_id: string | null }>(
    `SELECT e.kind, e.id::text, CASE WHEN r.via_project THEN NULL ELSE COALESCE(r.via_environment_id, e.environment_id) END AS environment_id
       FROM entity_references r JOIN entities e ON e.id = r.from_id WHERE r.to_id = $1
     UNION ALL
     SELECT 'environment', s.environment_id::text, s.environment_id FROM flag_states s
      WHERE s.flag_id = $1 AND (s.enabled OR jsonb_array_length(s.segment_overrides) > 0)
     UNION ALL
     SELECT DISTINCT 'environment', o.environment_id::text, o.environment_id FROM identity_overrides o WHERE o.flag_id = $1
     UNION ALL
     SELECT 'environment', k.environment_id::text, k.environment_id
       FROM entities f JOIN known_environments k ON k.project_id = f.project_id
      WHERE f.id = $1 AND f.kind = 'feature_flag' AND (f.fields->>'default_enabled')::boolean
        AND NOT EXISTS (SELECT 1 FROM flag_states s WHERE s.flag_id = f.id AND s.environment_id = k.environment_id)`,
    [id],
  );
  return rows.map((row) => {
    const environmentId = row.environment_id === null ? null : Number(row.environment_id);
    const dependentId = row.kind === 'environment' ? Number(row.id) : row.id;
    return { dependent: { kind: row.kind, id: dependentId }, environmentId };
  });
}
