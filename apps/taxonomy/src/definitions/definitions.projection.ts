import type { taxonomy } from '@strata/contracts';
import type { Transaction } from '@strata/database';
import type { RecordedEvent } from '@strata/eventstore';
import { definitionsProjection } from './definitions-read-model';
import { lockProjectExclusive } from '../common/project-lock';

/** The read models of both kinds of definition, each a `definitionsProjection`: creations inserted a run at a time. */

type EventHandled = taxonomy.EventDefinitionEvent | taxonomy.ProjectTaxonomyRemoved;
type EventCreated = taxonomy.EventDefinitionCreated;

/** `event_definitions`, one row per definition stream; `version` is the stream's, served as the ETag. */
export const eventDefinitionsProjection = definitionsProjection<EventHandled, EventCreated>({
  table: 'event_definitions',
  handles: ['EventDefinitionCreated', 'EventDefinitionUpdated', 'EventDefinitionSeen', 'ProjectTaxonomyRemoved'],
  created: 'EventDefinitionCreated',
  insertCreated: insertEventCreated,
  applyOne: applyEventOne,
});

async function insertEventCreated(events: RecordedEvent<EventCreated>[], tx: Transaction): Promise<void> {
  await tx.query(
    `INSERT INTO event_definitions (id, project_id, name, last_seen_at, created_at, version)
     SELECT u.id, u.project_id, u.name, u.last_seen_at, u.created_at, u.version
       FROM unnest($1::uuid[], $2::bigint[], $3::text[], $4::timestamptz[], $5::timestamptz[], $6::int[])
            AS u(id, project_id, name, last_seen_at, created_at, version)
      WHERE NOT EXISTS (SELECT 1 FROM removed_projects r WHERE r.project_id = u.project_id)`,
    [
      events.map((e) => e.data.definitionId),
      events.map((e) => e.data.projectId),
      events.map((e) => e.data.name),
      events.map((e) => e.data.lastSeenAt),
      events.map((e) => e.data.createdAt),
      events.map((e) => e.streamPosition),
    ],
  );
}

async function applyEventOne(event: RecordedEvent<EventHandled>, tx: Transaction): Promise<void> {
  switch (event.type) {
    case 'EventDefinitionCreated':
      return insertEventCreated([event], tx);
    case 'EventDefinitionUpdated': {
      const { definitionId, changes } = event.data;
      await tx.query(
        `UPDATE event_definitions SET description = COALESCE($2, description), tags = COALESCE($3::jsonb, tags),
                verified = COALESCE($4, verified), version = $5 WHERE id = $1`,
        [definitionId, changes.description ?? null, changes.tags === undefined ? null : JSON.stringify(changes.tags), changes.verified ?? null, event.streamPosition],
      );
      return;
    }
    case 'EventDefinitionSeen':
      await tx.query('UPDATE event_definitions SET last_seen_at = $2, version = $3 WHERE id = $1', [event.data.definitionId, event.data.lastSeenAt, event.streamPosition]);
      return;
    case 'ProjectTaxonomyRemoved':
      await lockProjectExclusive(tx, event.data.projectId);
      await tx.query('DELETE FROM event_definitions WHERE project_id = $1', [event.data.projectId]);
      return;
    default: {
      const _exhaustive: never = event;
      return _exhaustive;
    }
  }
}

type PropertyHandled = taxonomy.PropertyDefinitionEvent | taxonomy.ProjectTaxonomyRemoved;
type PropertyCreated = taxonomy.PropertyDefinitionCreated;

/** `property_definitions`, one row per definition stream; `type_source` tells a user-set type from a detected one. */
export const propertyDefinitionsProjection = definitionsProjection<PropertyHandled, PropertyCreated>({
  table: 'property_definitions',
  handles: ['PropertyDefinitionCreated', 'PropertyDefinitionTypeSet', 'PropertyDefinitionUpdated', 'ProjectTaxonomyRemoved'],
  created: 'PropertyDefinitionCreated',
  insertCreated: insertPropertyCreated,
  applyOne: applyPropertyOne,
});

async function insertPropertyCreated(events: RecordedEvent<PropertyCreated>[], tx: Transaction): Promise<void> {
  await tx.query(
    `INSERT INTO property_definitions (id, project_id, name, kind, group_type_index, property_type, type_source, version)
     SELECT u.id, u.project_id, u.name, u.kind, u.group_type_index, u.property_type,
            CASE WHEN u.property_type IS NULL THEN NULL ELSE 'detected' END, u.version
       FROM unnest($1::uuid[], $2::bigint[], $3::text[], $4::text[], $5::smallint[], $6::text[], $7::int[])
            AS u(id, project_id, name, kind, group_type_index, property_type, version)
      WHERE NOT EXISTS (SELECT 1 FROM removed_projects r WHERE r.project_id = u.project_id)`,
    [
      events.map((e) => e.data.definitionId),
      events.map((e) => e.data.projectId),
      events.map((e) => e.data.name),
      events.map((e) => e.data.kind),
      events.map((e) => e.data.groupTypeIndex),
      events.map((e) => e.data.propertyType),
      events.map((e) => e.streamPosition),
    ],
  );
}

async function applyPropertyOne(event: RecordedEvent<PropertyHandled>, tx: Transaction): Promise<void> {
  switch (event.type) {
    case 'PropertyDefinitionCreated':
      return insertPropertyCreated([event], tx);
    case 'PropertyDefinitionTypeSet': {
      const { definitionId, propertyType, source } = event.data;
      await tx.query('UPDATE property_definitions SET property_type = $2, type_source = $3, version = $4 WHERE id = $1', [
        definitionId,
        propertyType,
        source,
        event.streamPosition,
      ]);
      return;
    }
    case 'PropertyDefinitionUpdated':
      await tx.query('UPDATE property_definitions SET description = COALESCE($2, description), version = $3 WHERE id = $1', [
        event.data.definitionId,
        event.data.changes.description ?? null,
        event.streamPosition,
      ]);
      return;
    case 'ProjectTaxonomyRemoved':
      await lockProjectExclusive(tx, event.data.projectId);
      await tx.query('DELETE FROM property_definitions WHERE project_id = $1', [event.data.projectId]);
      return;
    default: {
      const _exhaustive: never = event;
      return _exhaustive;
    }
  }
}
