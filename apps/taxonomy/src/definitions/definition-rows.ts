import type { taxonomy } from '@strata/contracts';
import type { ExistingEventDefinition, ExistingPropertyDefinition } from '../domain';

/**
 * Rows of the definition read models and the domain state they stand for. The projections keep a row equal to its
 * stream folded with `evolve` at `version` (same transaction), so a decision may start from the row and append with
 * `version` as the expected version: should the stream have moved on, the append fails and the caller re-reads.
 */
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

export const EVENT_DEFINITION_COLUMNS = 'id, project_id, name, description, tags, verified, last_seen_at, created_at, version';
export const PROPERTY_DEFINITION_COLUMNS = 'id, project_id, name, kind, group_type_index, property_type, type_source, description, version';

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

/** `search` as a case-insensitive substring: LIKE's wildcards in it are matched literally. */
export function containsPattern(search: string | undefined): string | null {
  if (search === undefined || search.trim() === '') return null;
  return `%${search.trim().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}
