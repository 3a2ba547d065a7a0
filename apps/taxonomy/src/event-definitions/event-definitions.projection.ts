import type { taxonomy } from '@strata/contracts';
import type { Transaction } from '@strata/database';
import type { RecordedEvent } from '@strata/eventstore';
import { definitionsProjection } from '../common/definitions-projection';
import { lockProjectExclusive } from '../common/project-lock';

type Handled = taxonomy.EventDefinitionEvent | taxonomy.ProjectTaxonomyRemoved;
type Created = taxonomy.EventDefinitionCreated;

/** `event_definitions`, one row per definition stream; `version` is the stream's, served as the ETag. */
export const eventDefinitionsProjection = definitionsProjection<Handled, Created>({
  table: 'event_definitions',
  handles: ['EventDefinitionCreated', 'EventDefinitionUpdated', 'EventDefinitionSeen', 'ProjectTaxonomyRemoved'],
  created: 'EventDefinitionCreated',
  insertCreated,
  applyOne,
});

async function insertCreated(events: RecordedEvent<Created>[], tx: Transaction): Promise<void> {
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

async function applyOne(event: RecordedEvent<Handled>, tx: Transaction): Promise<void> {
  switch (event.type) {
    case 'EventDefinitionCreated':
      return insertCreated([event], tx);
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
