import { NotFoundError, type PageRequest, type taxonomy } from '@strata/contracts';
import type { Database } from '@strata/database';
import type { AggregateState } from '@strata/eventstore';
import { eventDefinitionStreamId, propertyDefinitionStreamId } from '../common/streams';
import type { EventDefinitionState, ExistingEventDefinition } from './event-definition';
import type { ExistingPropertyDefinition, PropertyDefinitionState } from './property-definition';

/** A row of `event_definitions`: the definition's state at `version` (see `AggregateState`). */
export interface EventDefinitionRow {
  id: string;
  project_id: string;
  name: string;
  description: string;
  tags: string[];
  verified: boolean;
  last_seen_at: Date;
  created_at: Date;
  version: number;
}

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

/** Where a kind of definition is read from: its table, columns, list filter and order, and a row's state. */
export interface DefinitionTable<Row extends { version: number }, Existing> {
  table: string;
  /** The 404 of a definition that is not there (any more). */
  notFound: string;
  columns: string;
  /** `$1` is the project; the list's filter values follow. */
  filter: string;
  order: string;
  stateOf(row: Row): Existing;
}

export const eventDefinitionsTable: DefinitionTable<EventDefinitionRow, ExistingEventDefinition> = {
  table: 'event_definitions',
  notFound: 'Event definition not found.',
  columns: 'id, project_id, name, description, tags, verified, last_seen_at, created_at, version',
  filter: 'project_id = $1 AND ($2::text IS NULL OR name ILIKE $2)',
  order: 'name',
  stateOf: (row) => ({
    status: 'active',
    definitionId: row.id,
    projectId: Number(row.project_id),
    name: row.name,
    description: row.description,
    tags: row.tags,
    verified: row.verified,
    lastSeenAt: row.last_seen_at.toISOString(),
    createdAt: row.created_at.toISOString(),
  }),
};

export const propertyDefinitionsTable: DefinitionTable<PropertyDefinitionRow, ExistingPropertyDefinition> = {
  table: 'property_definitions',
  notFound: 'Property definition not found.',
  columns: 'id, project_id, name, kind, group_type_index, property_type, type_source, description, version',
  filter: `project_id = $1 AND ($2::text IS NULL OR kind = $2) AND ($3::smallint IS NULL OR group_type_index = $3)
           AND ($4::text IS NULL OR name ILIKE $4)`,
  order: 'name, kind, group_type_index NULLS FIRST',
  stateOf: (row) => ({
    status: 'active',
    definitionId: row.id,
    projectId: Number(row.project_id),
    name: row.name,
    kind: row.kind,
    groupTypeIndex: row.group_type_index,
    propertyType: row.property_type,
    typeSource: row.type_source,
    description: row.description,
  }),
};

export async function findDefinition<Row extends { version: number }>(db: Database, table: DefinitionTable<Row, unknown>, projectId: number, definitionId: string): Promise<Row> {
  const [row] = await db.query<Row>(`SELECT ${table.columns} FROM ${table.table} WHERE id = $1 AND project_id = $2`, [definitionId, projectId]);
  if (row === undefined) throw new NotFoundError(table.notFound);
  return row;
}

/** A page of a project's definitions matching `filter` (`$2…`), with the count of all that match. */
export async function definitionsPage<Row extends { version: number }>(db: Database, table: DefinitionTable<Row, unknown>, filter: unknown[], page: PageRequest) {
  const values = filter.map((value) => value ?? null);
  const next = values.length + 1;
  const rows = await db.query<Row & { total: string }>(
    `SELECT ${table.columns}, count(*) OVER () AS total FROM ${table.table} WHERE ${table.filter}
      ORDER BY ${table.order}, id LIMIT $${next} OFFSET $${next + 1}`,
    [...values, page.limit, page.offset],
  );
  // A page past the end has no row for the window count to ride on.
  const count = rows.length > 0 ? Number(rows[0].total) : Number((await db.query<{ total: string }>(`SELECT count(*) AS total FROM ${table.table} WHERE ${table.filter}`, values))[0].total);
  return { count, rows };
}

/** Every definition of a project, in the order lists serve them. */
export async function allDefinitions<Row extends { version: number }, Existing>(db: Database, table: DefinitionTable<Row, Existing>, projectId: number): Promise<Existing[]> {
  const rows = await db.query<Row>(`SELECT ${table.columns} FROM ${table.table} WHERE project_id = $1 ORDER BY ${table.order}`, [projectId]);
  return rows.map(table.stateOf);
}

/** The existing event definitions among `names`, in one query, keyed by stream id. */
export async function loadEventDefinitions(db: Database, projectId: number, names: readonly string[]): Promise<Map<string, AggregateState<EventDefinitionState>>> {
  if (names.length === 0) return new Map();
  const { columns, table, stateOf } = eventDefinitionsTable;
  const rows = await db.query<EventDefinitionRow>(`SELECT ${columns} FROM ${table} WHERE project_id = $1 AND name = ANY($2::text[])`, [projectId, names]);
  return new Map(rows.map((row) => [eventDefinitionStreamId(projectId, row.name), { state: stateOf(row), version: row.version }]));
}

/** The key of a property definition: its stream is named by it. */
export interface PropertyKey {
  kind: taxonomy.PropertyKind;
  groupTypeIndex: number | null;
  name: string;
}

/** The existing property definitions among `keys`, in one query, keyed by stream id. */
export async function loadPropertyDefinitions(db: Database, projectId: number, keys: readonly PropertyKey[]): Promise<Map<string, AggregateState<PropertyDefinitionState>>> {
  if (keys.length === 0) return new Map();
  const { columns, table, stateOf } = propertyDefinitionsTable;
  const rows = await db.query<PropertyDefinitionRow>(
    `SELECT ${columns} FROM ${table} p
      WHERE p.project_id = $1
        AND (p.kind, COALESCE(p.group_type_index, -1), p.name) IN (SELECT * FROM unnest($2::text[], $3::int[], $4::text[]))`,
    [projectId, keys.map((k) => k.kind), keys.map((k) => k.groupTypeIndex ?? -1), keys.map((k) => k.name)],
  );
  return new Map(rows.map((row) => [propertyDefinitionStreamId(projectId, row.kind, row.group_type_index, row.name), { state: stateOf(row), version: row.version }]));
}
