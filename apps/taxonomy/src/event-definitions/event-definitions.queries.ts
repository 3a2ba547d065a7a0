import type { Database } from '@strata/database';
import { NotFoundError, type PageRequest } from '@strata/contracts';
import type { AggregateState } from '@strata/eventstore';
import { containsPattern } from '../common/search';
import { eventDefinitionStreamId } from '../common/streams';
import type { EventDefinitionState, ExistingEventDefinition } from './event-definition';

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

const COLUMNS = 'id, project_id, name, description, tags, verified, last_seen_at, created_at, version';
const FILTER = 'project_id = $1 AND ($2::text IS NULL OR name ILIKE $2)';

export function eventDefinitionState(row: EventDefinitionRow): ExistingEventDefinition {
  return {
    status: 'active',
    definitionId: row.id,
    projectId: Number(row.project_id),
    name: row.name,
    description: row.description,
    tags: row.tags,
    verified: row.verified,
    lastSeenAt: row.last_seen_at.toISOString(),
    createdAt: row.created_at.toISOString(),
  };
}

export async function findEventDefinition(db: Database, projectId: number, definitionId: string): Promise<EventDefinitionRow> {
  const [row] = await db.query<EventDefinitionRow>(`SELECT ${COLUMNS} FROM event_definitions WHERE id = $1 AND project_id = $2`, [definitionId, projectId]);
  if (row === undefined) throw new NotFoundError('Event definition not found.');
  return row;
}

export async function eventDefinitionsPage(db: Database, projectId: number, search: string | undefined, page: PageRequest) {
  const filter = [projectId, containsPattern(search)];
  const rows = await db.query<EventDefinitionRow & { total: string }>(
    `SELECT ${COLUMNS}, count(*) OVER () AS total FROM event_definitions WHERE ${FILTER} ORDER BY name, id LIMIT $3 OFFSET $4`,
    [...filter, page.limit, page.offset],
  );
  // A page past the end has no row for the window count to ride on.
  const count = rows.length > 0 ? Number(rows[0].total) : Number((await db.query<{ total: string }>(`SELECT count(*) AS total FROM event_definitions WHERE ${FILTER}`, filter))[0].total);
  return { count, rows };
}

/** The existing definitions among `names`, in one query, keyed by stream id. */
export async function loadEventDefinitions(db: Database, projectId: number, names: readonly string[]): Promise<Map<string, AggregateState<EventDefinitionState>>> {
  if (names.length === 0) return new Map();
  const rows = await db.query<EventDefinitionRow>(`SELECT ${COLUMNS} FROM event_definitions WHERE project_id = $1 AND name = ANY($2::text[])`, [projectId, names]);
  return new Map(rows.map((row) => [eventDefinitionStreamId(projectId, row.name), { state: eventDefinitionState(row), version: row.version }]));
}

/** Every definition of a project, by name. */
export async function allEventDefinitions(db: Database, projectId: number): Promise<ExistingEventDefinition[]> {
  const rows = await db.query<EventDefinitionRow>(`SELECT ${COLUMNS} FROM event_definitions WHERE project_id = $1 ORDER BY name`, [projectId]);
  return rows.map(eventDefinitionState);
}
