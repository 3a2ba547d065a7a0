import type { Database } from '@strata/database';
import {
  eventDefinitionStreamId,
  propertyDefinitionStreamId,
  type EventDefinitionCommand,
  type EventDefinitionState,
  type PropertyDefinitionCommand,
  type PropertyDefinitionState,
  type Sighting,
} from '../domain';
import {
  EVENT_DEFINITION_COLUMNS,
  eventDefinitionState,
  PROPERTY_DEFINITION_COLUMNS,
  propertyDefinitionState,
  type EventDefinitionRow,
  type PropertyDefinitionRow,
} from '../definitions/definition-rows';

/** A definition's state as its read-model row holds it, and the stream version that state is at. */
export interface LoadedState<State> {
  state: State;
  version: number;
}

/** The existing definitions among the sightings' event names, in one query, keyed by stream id. */
export async function loadEventDefinitions(
  db: Database,
  projectId: number,
  sightings: readonly Sighting<EventDefinitionCommand>[],
): Promise<Map<string, LoadedState<EventDefinitionState>>> {
  const names = sightings.flatMap(({ command }) => (command.type === 'RecordEventSighting' ? [command.data.name] : []));
  if (names.length === 0) return new Map();
  const rows = await db.query<EventDefinitionRow>(`SELECT ${EVENT_DEFINITION_COLUMNS} FROM event_definitions WHERE project_id = $1 AND name = ANY($2::text[])`, [
    projectId,
    names,
  ]);
  return new Map(rows.map((row) => [eventDefinitionStreamId(projectId, row.name), { state: eventDefinitionState(row), version: row.version }]));
}

/** The existing definitions among the sightings' (kind, group type index, name), in one query, keyed by stream id. */
export async function loadPropertyDefinitions(
  db: Database,
  projectId: number,
  sightings: readonly Sighting<PropertyDefinitionCommand>[],
): Promise<Map<string, LoadedState<PropertyDefinitionState>>> {
  const keys = sightings.flatMap(({ command }) => (command.type === 'RecordPropertySighting' ? [command.data] : []));
  if (keys.length === 0) return new Map();
  const rows = await db.query<PropertyDefinitionRow>(
    `SELECT ${PROPERTY_DEFINITION_COLUMNS} FROM property_definitions p
      WHERE p.project_id = $1
        AND (p.kind, COALESCE(p.group_type_index, -1), p.name) IN (SELECT * FROM unnest($2::text[], $3::int[], $4::text[]))`,
    [projectId, keys.map((k) => k.kind), keys.map((k) => k.groupTypeIndex ?? -1), keys.map((k) => k.name)],
  );
  return new Map(
    rows.map((row) => [
      propertyDefinitionStreamId(projectId, row.kind, row.group_type_index, row.name),
      { state: propertyDefinitionState(row), version: row.version },
    ]),
  );
}
