import type { Database } from '@strata/database';
import { NotFoundError, type PageRequest, type taxonomy } from '@strata/contracts';
import type { AggregateState } from '@strata/eventstore';
import { containsPattern } from '../common/search';
import { propertyDefinitionStreamId } from '../common/streams';
import type { ExistingPropertyDefinition, PropertyDefinitionState } from './property-definition';

/** A row of `property_definitions`: the definition's state at `version` (see `AggregateState`). */
export interface PropertyDefinitionRow {
  id: string;
  project_id: string;
  name: string;
  kind: taxonomy.PropertyKind;
  group_type_index: number | null;
  property_type: taxonomy.PropertyType | null;
  type_source: 'detected' | 'user' | null;
  description: string;
  version: number;
}

export interface PropertyDefinitionFilter {
  projectId: number;
  type?: taxonomy.PropertyKind;
  groupTypeIndex?: number;
  search?: string;
}

/** The key of a property definition: its stream is named by it. */
export interface PropertyKey {
  kind: taxonomy.PropertyKind;
  groupTypeIndex: number | null;
  name: string;
}

const COLUMNS = 'id, project_id, name, kind, group_type_index, property_type, type_source, description, version';
const FILTER = `project_id = $1 AND ($2::text IS NULL OR kind = $2) AND ($3::smallint IS NULL OR group_type_index = $3)
                AND ($4::text IS NULL OR name ILIKE $4)`;

export function propertyDefinitionState(row: PropertyDefinitionRow): ExistingPropertyDefinition {
  return {
    status: 'active',
    definitionId: row.id,
    projectId: Number(row.project_id),
    name: row.name,
    kind: row.kind,
    groupTypeIndex: row.group_type_index,
    propertyType: row.property_type,
    typeSource: row.type_source,
    description: row.description,
  };
}

export async function findPropertyDefinition(db: Database, projectId: number, definitionId: string): Promise<PropertyDefinitionRow> {
  const [row] = await db.query<PropertyDefinitionRow>(`SELECT ${COLUMNS} FROM property_definitions WHERE id = $1 AND project_id = $2`, [definitionId, projectId]);
  if (row === undefined) throw new NotFoundError('Property definition not found.');
  return row;
}

export async function propertyDefinitionsPage(db: Database, filter: PropertyDefinitionFilter, page: PageRequest) {
  const values = [filter.projectId, filter.type ?? null, filter.groupTypeIndex ?? null, containsPattern(filter.search)];
  const rows = await db.query<PropertyDefinitionRow & { total: string }>(
    `SELECT ${COLUMNS}, count(*) OVER () AS total FROM property_definitions WHERE ${FILTER}
      ORDER BY name, kind, group_type_index NULLS FIRST, id LIMIT $5 OFFSET $6`,
    [...values, page.limit, page.offset],
  );
  // A page past the end has no row for the window count to ride on.
  const count = rows.length > 0 ? Number(rows[0].total) : Number((await db.query<{ total: string }>(`SELECT count(*) AS total FROM property_definitions WHERE ${FILTER}`, values))[0].total);
  return { count, rows };
}

/** The existing definitions among `keys`, in one query, keyed by stream id. */
export async function loadPropertyDefinitions(
  db: Database,
  projectId: number,
  keys: readonly PropertyKey[],
): Promise<Map<string, AggregateState<PropertyDefinitionState>>> {
  if (keys.length === 0) return new Map();
  const rows = await db.query<PropertyDefinitionRow>(
    `SELECT ${COLUMNS} FROM property_definitions p
      WHERE p.project_id = $1
        AND (p.kind, COALESCE(p.group_type_index, -1), p.name) IN (SELECT * FROM unnest($2::text[], $3::int[], $4::text[]))`,
    [projectId, keys.map((k) => k.kind), keys.map((k) => k.groupTypeIndex ?? -1), keys.map((k) => k.name)],
  );
  return new Map(
    rows.map((row) => [propertyDefinitionStreamId(projectId, row.kind, row.group_type_index, row.name), { state: propertyDefinitionState(row), version: row.version }]),
  );
}

/** Every definition of a project, in the order lists serve them. */
export async function allPropertyDefinitions(db: Database, projectId: number): Promise<ExistingPropertyDefinition[]> {
  const rows = await db.query<PropertyDefinitionRow>(
    `SELECT ${COLUMNS} FROM property_definitions WHERE project_id = $1 ORDER BY name, kind, group_type_index NULLS FIRST`,
    [projectId],
  );
  return rows.map(propertyDefinitionState);
}
