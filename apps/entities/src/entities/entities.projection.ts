import { entities } from '@strata/contracts';
import type { Transaction } from '@strata/database';
import type { InlineProjection, RecordedEvent } from '@strata/eventstore';

const ENTITY_EVENTS = ['EntityCreated', 'EntityUpdated', 'EntityMadeProjectWide', 'EntityMadeEnvironmentSpecific', 'EntityDeleted'] as const satisfies readonly entities.EntityEvent['type'][];

/** Rows of `entity_references` that entity bodies own (rollout groups' rows belong to the flags read model). */
const BODY_REFERENCES = 'NOT via_project AND via_environment_id IS NULL';

/**
 * `entities` and the body references in `entity_references`: what lists, visibility and the graph rules read. Updated
 * in the append's transaction, so a promotion or a new reference is what the next decision sees. A run of scope
 * changes (a promotion of a whole tree) is applied in one statement: it is one decision.
 */
export const entitiesProjection: InlineProjection = {
  name: 'entities',
  handles: ENTITY_EVENTS,
  async apply(events: RecordedEvent[], tx: Transaction): Promise<void> {
    const run: RecordedEvent<ScopeChange>[] = [];
    for (const event of events as RecordedEvent<entities.EntityEvent>[]) {
      if (isScopeChange(event)) {
        run.push(event);
        continue;
      }
      await applyScopeChanges(run.splice(0), tx);
      await applyEvent(event, tx);
      await stamp(tx, [idOf(event)], [event.streamPosition]);
    }
    await applyScopeChanges(run, tx);
  },
  async reset(tx: Transaction): Promise<void> {
    await tx.query(`DELETE FROM entity_references WHERE ${BODY_REFERENCES}`);
    await tx.query('DELETE FROM entities');
  },
};

type ScopeChange = entities.EntityMadeProjectWide | entities.EntityMadeEnvironmentSpecific;

function isScopeChange(event: RecordedEvent<entities.EntityEvent>): event is RecordedEvent<ScopeChange> {
  return event.type === 'EntityMadeProjectWide' || event.type === 'EntityMadeEnvironmentSpecific';
}

async function applyScopeChanges(run: readonly RecordedEvent<ScopeChange>[], tx: Transaction): Promise<void> {
  if (run.length === 0) return;
  await tx.query(
    `UPDATE entities e SET environment_id = c.environment_id, updated_at = c.at, version = c.position
       FROM unnest($1::uuid[], $2::bigint[], $3::timestamptz[], $4::int[]) AS c(id, environment_id, at, position)
      WHERE e.id = c.id`,
    [
      run.map((event) => event.data.id),
      run.map((event) => (event.type === 'EntityMadeEnvironmentSpecific' ? event.data.environmentId : null)),
      run.map((event) => event.data.at),
      run.map((event) => event.streamPosition),
    ],
  );
}

async function stamp(tx: Transaction, ids: string[], positions: number[]): Promise<void> {
  await tx.query('UPDATE entities e SET version = v.position FROM unnest($1::uuid[], $2::int[]) AS v(id, position) WHERE e.id = v.id', [ids, positions]);
}

function idOf(event: RecordedEvent<entities.EntityEvent>): string {
  return event.type === 'EntityCreated' || event.type === 'EntityUpdated' ? event.data.entity.id : event.data.id;
}

async function applyEvent(event: RecordedEvent<entities.EntityEvent>, tx: Transaction): Promise<void> {
  switch (event.type) {
    case 'EntityCreated':
    case 'EntityUpdated':
      return upsert(event.data.entity, tx);
    case 'EntityMadeProjectWide':
    case 'EntityMadeEnvironmentSpecific':
      return applyScopeChanges([event], tx);
    case 'EntityDeleted':
      await tx.query(`DELETE FROM entity_references WHERE from_id = $1 AND ${BODY_REFERENCES}`, [event.data.id]);
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
  await tx.query(`DELETE FROM entity_references WHERE from_id = $1 AND ${BODY_REFERENCES}`, [id]);
  if (entity.references.length === 0) return;
  await tx.query(
    `INSERT INTO entity_references (from_id, to_id, field, project_id) SELECT $1, r.to_id, r.field, $2 FROM unnest($3::uuid[], $4::text[]) AS r(to_id, field)`,
    [id, projectId, entity.references.map((r) => r.id), entity.references.map((r) => r.field)],
  );
}
