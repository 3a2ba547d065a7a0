import type { taxonomy } from '@strata/contracts';
import type { Transaction } from '@strata/database';
import type { RecordedEvent } from '@strata/eventstore';
import { definitionsProjection } from '../common/definitions-projection';
import { lockProjectExclusive } from '../common/project-lock';

type Handled = taxonomy.PropertyDefinitionEvent | taxonomy.ProjectTaxonomyRemoved;
type Created = taxonomy.PropertyDefinitionCreated;

/** `property_definitions`, one row per definition stream; `type_source` tells a user-set type from a detected one. */
export const propertyDefinitionsProjection = definitionsProjection<Handled, Created>({
  table: 'property_definitions',
  handles: ['PropertyDefinitionCreated', 'PropertyDefinitionTypeSet', 'PropertyDefinitionUpdated', 'ProjectTaxonomyRemoved'],
  created: 'PropertyDefinitionCreated',
  insertCreated,
  applyOne,
});

async function insertCreated(events: RecordedEvent<Created>[], tx: Transaction): Promise<void> {
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

async function applyOne(event: RecordedEvent<Handled>, tx: Transaction): Promise<void> {
  switch (event.type) {
    case 'PropertyDefinitionCreated':
      return insertCreated([event], tx);
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
