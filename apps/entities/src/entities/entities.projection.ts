import { entities } from '@strata/contracts';
import type { Transaction } from '@strata/database';
import { versionedProjection, type RecordedEvent } from '@strata/eventstore';

const ENTITY_EVENTS = ['EntityCreated', 'EntityUpdated', 'EntityMadeProjectWide', 'EntityMadeEnvironmentSpecific', 'EntityDeleted'] as const satisfies readonly entities.EntityEvent['type'][];

/**
 * `entities` and the body references in `entity_references`: what lists, visibility and the graph rules read. Updated
 * in the append's transaction, so a promotion or a new reference is what the next decision sees.
 */
export const entitiesProjection = versionedProjection<entities.EntityEvent>({
  name: 'entities',
  handles: ENTITY_EVENTS,
  version: { table: 'entities', idOf: (event) => (event.type === 'EntityCreated' || event.type === 'EntityUpdated' ? event.data.entity.id : event.data.id) },
  apply: applyEvent,
  tables: ['entity_references', 'entities'],
});

async function applyEvent(event: RecordedEvent<entities.EntityEvent>, tx: Transaction): Promise<void> {
  switch (event.type) {
    case 'EntityCreated':
    case 'EntityUpdated':
      return upsert(event.data.entity, tx);
    case 'EntityMadeProjectWide':
      await tx.query('UPDATE entities SET environment_id = NULL, updated_at = $2 WHERE id = $1', [event.data.id, event.data.at]);
      return;
    case 'EntityMadeEnvironmentSpecific':
      await tx.query('UPDATE entities SET environment_id = $2, updated_at = $3 WHERE id = $1', [event.data.id, event.data.environmentId, event.data.at]);
      return;
    case 'EntityDeleted':
      await tx.query('DELETE FROM entity_references WHERE from_id = $1 AND NOT via_project AND via_environment_id IS NULL', [event.data.id]);
      await tx.query('DELETE FROM entities WHERE id = $1', [event.data.id]);
      return;
    default: {
      const _exhaustive: never = event;
      return _exhaustive;
    }
  }
}

async function upsert(entity: entities.EntitySnapshot, tx: Transaction): Promise<void> {
  const { id, kind, projectId, environmentId, fields, tags, createdAt, updatedAt } = entity;
  const flagKey = kind === 'feature_flag' ? String(fields.key) : null;
  await tx.query(
    `INSERT INTO entities (id, kind, project_id, environment_id, search_text, flag_key, fields, tags, version, created_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 0, $9, $10)
     ON CONFLICT (id) DO UPDATE SET search_text = EXCLUDED.search_text, flag_key = EXCLUDED.flag_key, fields = EXCLUDED.fields,
       tags = EXCLUDED.tags, environment_id = EXCLUDED.environment_id, updated_at = EXCLUDED.updated_at`,
    [id, kind, projectId, environmentId, entities.searchTextOf(kind, fields), flagKey, JSON.stringify(fields), JSON.stringify(tags), createdAt, updatedAt],
  );
  await tx.query('DELETE FROM entity_references WHERE from_id = $1 AND NOT via_project AND via_environment_id IS NULL', [id]);
  if (entity.references.length === 0) return;
  await tx.query(
    `INSERT INTO entity_references (from_id, to_id, field, project_id) SELECT $1, r.to_id, r.field, $2 FROM unnest($3::uuid[], $4::text[]) AS r(to_id, field)`,
    [id, projectId, entity.references.map((r) => r.id), entity.references.map((r) => r.field)],
  );
}
