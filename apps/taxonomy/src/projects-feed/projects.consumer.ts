import type { Database, Transaction } from '@strata/database';
import { handleCommand, type PostgresEventStore } from '@strata/eventstore';
import type { EventConsumer } from '@strata/messaging';
import { projectsMirrorConsumer, type MirroredEvent } from '@strata/projects-mirror';
import type { NatsConnection } from 'nats';
import { groupTypeStreamId } from '../common/streams';
import { groupTypeDecider } from '../group-types/group-types';

export interface ProjectsFeedOptions {
  nc: NatsConnection;
  db: Database;
  store: PostgresEventStore;
  prefix: string;
}

/**
 * Taxonomy's mirror of projects (`taxonomy-projects`: which environments a project has, which projects are gone), and
 * its own reaction: a project's taxonomy is removed when the project goes.
 */
export function projectsConsumer(options: ProjectsFeedOptions): Promise<EventConsumer> {
  const { nc, db, store, prefix } = options;
  return projectsMirrorConsumer({ nc, db, service: 'taxonomy', prefix, react: (event, tx) => removeTaxonomyOfDeleted(event, tx, store) });
}

/**
 * The removal is a command on the project's registry stream, appended in its own transaction (the event store's)
 * before the consumer's commits: a crash in between redelivers the event, and the removal, already done, decides nothing.
 */
async function removeTaxonomyOfDeleted(event: MirroredEvent, _tx: Transaction, store: PostgresEventStore): Promise<void> {
  if (event.type !== 'ProjectDeletionRequested' && event.type !== 'ProjectDeleted') return;
  const projectId = event.data.projectId;
  const command = { type: 'RemoveProjectTaxonomy' as const, data: { projectId, removedAt: new Date().toISOString() } };
  await handleCommand(store, groupTypeDecider, groupTypeStreamId(projectId), command);
}
