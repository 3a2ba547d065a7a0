import type { entities } from '@strata/contracts';
import type { Database, Transaction } from '@strata/database';
import { appendOnce, type InlineProjection, type PostgresEventStore, type RecordedEvent } from '@strata/eventstore';
import { projectsMirrorConsumer, type MirroredEvent } from '@strata/projects-mirror';
import type { NatsConnection } from 'nats';
import { now } from '../common/clock';
import { environmentStream, projectStream } from '../common/streams';

type Removal = entities.RemovalEvent;

/**
 * The entities service's mirror of projects, and its reaction to deletions (SPEC §4.4): an environment's own
 * entities go with it (project-wide ones stay), a project's everything with it. Idempotent: a stream holds one
 * removal, appended once; a redelivered deletion appends nothing.
 */
export function projectsConsumer(options: { nc: NatsConnection; db: Database; store: PostgresEventStore; prefix: string }) {
  const { nc, db, store, prefix } = options;
  return projectsMirrorConsumer({ nc, db, service: 'entities', prefix, react: (event) => removeWith(event, store) });
}

async function removeWith(event: MirroredEvent, store: PostgresEventStore): Promise<void> {
  const at = now();
  if (event.type === 'EnvironmentDeleted') {
    const { environmentId, projectId } = event.data;
    const removal: Removal = { type: 'EnvironmentEntitiesRemoved', data: { projectId, environmentId, at } };
    await appendOnce(store, environmentStream(environmentId), [removal]);
  }
  if (event.type === 'ProjectDeletionRequested' || event.type === 'ProjectDeleted') {
    const { projectId } = event.data;
    const removal: Removal = { type: 'ProjectEntitiesRemoved', data: { projectId, at } };
    await appendOnce(store, projectStream(projectId), [removal]);
  }
}

/** Every read model row of what went: entities, their references, flag states, overrides (tags go with a project). */
export const removalsProjection: InlineProjection = {
  name: 'removals',
  handles: ['EnvironmentEntitiesRemoved', 'ProjectEntitiesRemoved'],
  async apply(events: RecordedEvent[], tx: Transaction): Promise<void> {
    for (const event of events as RecordedEvent<Removal>[]) {
      if (event.type === 'EnvironmentEntitiesRemoved') await removeEnvironment(tx, event.data.environmentId);
      else await removeProject(tx, event.data.projectId);
    }
  },
  reset: async () => undefined,
};

async function removeEnvironment(tx: Transaction, environmentId: number): Promise<void> {
  await tx.query('DELETE FROM entity_references WHERE via_environment_id = $1 OR from_id IN (SELECT id FROM entities WHERE environment_id = $1)', [environmentId]);
  await tx.query('DELETE FROM entities WHERE environment_id = $1', [environmentId]);
  await tx.query('DELETE FROM flag_states WHERE environment_id = $1', [environmentId]);
  await tx.query('DELETE FROM identity_overrides WHERE environment_id = $1', [environmentId]);
}

async function removeProject(tx: Transaction, projectId: number): Promise<void> {
  for (const table of ['entity_references', 'entities', 'flag_states', 'flag_project_overrides', 'tags']) {
    await tx.query(`DELETE FROM ${table} WHERE project_id = $1`, [projectId]);
  }
  await tx.query('DELETE FROM identity_overrides WHERE flag_id NOT IN (SELECT id FROM entities)');
}
