import { entities } from '@strata/contracts';
import { searchTextOf } from '@strata/rules';
import type { Transaction } from '@strata/database';
import type { InlineProjection, RecordedEvent } from '@strata/eventstore';

const ENTITY_EVENTS = ['EntityCreated', 'EntityUpdated', 'EntityMadeProjectWide', 'EntityMadeEnvironmentSpecific', 'EntityMovedToProject', 'EntityDeleted'] as const satisfies readonly entities.EntityEvent['type'][];

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
    const scopes: RecordedEvent<ScopeChange>[] = [];
    const bodies: RecordedEvent<BodyChange>[] = [];
    for (const event of events as RecordedEvent<entities.EntityEvent>[]) {
      if (isScopeChange(event)) {
        await upsertBodies(bodies.splice(0), tx);
        scopes.push(event);
      } else if (isBodyChange(event)) {
        await applyScopeChanges(scopes.splice(0), tx);
        bodies.push(event);
      } else {
        await applyScopeChanges(scopes.splice(0), tx);
        await upsertBodies(bodies.splice(0), tx);
        await applyEvent(event, tx);
      }
    }
    await applyScopeChanges(scopes, tx);
    await upsertBodies(bodies, tx);
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

/** Events carrying the whole entity: a run of them (an import's definitions) is upserted in a few statements. */
type BodyChange = entities.EntityCreated | entities.EntityUpdated | entities.EntityMovedToProject;

function isBodyChange(event: RecordedEvent<entities.EntityEvent>): event is RecordedEvent<BodyChange> {
  return event.type === 'EntityCreated' || event.type === 'EntityUpdated' || event.type === 'EntityMovedToProject';
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

async function applyEvent(event: RecordedEvent<entities.EntityEvent>, tx: Transaction): Promise<void> {
  switch (event.type) {
    case 'EntityCreated':
    case 'EntityUpdated':
    case 'EntityMovedToProject':
      return upsertBodies([event], tx);
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

/**
 * Each entity of the run as its last event left it, at that event's position, set-based; then the body references of
 * those entities are replaced.
 */
async function upsertBodies(run: readonly RecordedEvent<BodyChange>[], tx: Transaction): Promise<void> {
  if (run.length === 0) return;
  const latest = [...new Map(run.map((event) => [event.data.entity.id, event])).values()];
  const rows = latest.map((event) => event.data.entity);
  await tx.query(
    `INSERT INTO entities (id, kind, project_id, environment_id, search_text, flag_key, fields, tags, version, created_at, updated_at)
     SELECT * FROM unnest($1::uuid[], $2::text[], $3::bigint[], $4::bigint[], $5::text[], $6::text[], $7::jsonb[], $8::jsonb[], $9::int[], $10::timestamptz[], $11::timestamptz[])
     ON CONFLICT (id) DO UPDATE SET search_text = EXCLUDED.search_text, flag_key = EXCLUDED.flag_key, fields = EXCLUDED.fields,
       tags = EXCLUDED.tags, project_id = EXCLUDED.project_id, environment_id = EXCLUDED.environment_id, version = EXCLUDED.version, updated_at = EXCLUDED.updated_at`,
    [
      rows.map((e) => e.id),
      rows.map((e) => e.kind),
      rows.map((e) => e.projectId),
      rows.map((e) => e.environmentId),
      rows.map((e) => searchTextOf(e.kind, e.fields)),
      rows.map((e) => (e.kind === 'feature_flag' ? String(e.fields.key) : null)),
      rows.map((e) => JSON.stringify(e.fields)),
      rows.map((e) => JSON.stringify(e.tags)),
      latest.map((event) => event.streamPosition),
      rows.map((e) => e.createdAt),
      rows.map((e) => e.updatedAt),
    ],
  );
  await tx.query(`DELETE FROM entity_references WHERE from_id = ANY($1::uuid[]) AND ${BODY_REFERENCES}`, [rows.map((e) => e.id)]);
  const references = rows.flatMap((e) => e.references.map((r) => ({ from: e.id, to: r.id, field: r.field, projectId: e.projectId })));
  if (references.length === 0) return;
  await tx.query(
    `INSERT INTO entity_references (from_id, to_id, field, project_id) SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::bigint[])`,
    [references.map((r) => r.from), references.map((r) => r.to), references.map((r) => r.field), references.map((r) => r.projectId)],
  );
}
