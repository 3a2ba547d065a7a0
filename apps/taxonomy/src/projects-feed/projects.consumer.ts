import { eventStreamName, type EventEnvelope, type projects } from '@strata/contracts';
import type { Database, Transaction } from '@strata/database';
import { ensureEventStream, handleCommand, type PostgresEventStore } from '@strata/eventstore';
import { EventConsumer } from '@strata/messaging';
import type { NatsConnection } from 'nats';
import { groupTypeDecider, groupTypeStreamId } from '../domain';

/** The projects events taxonomy acts on: which environments a project has, and when a project is gone. */
const CONSUMED = [
  'ProjectCreated',
  'ProjectDeletionRequested',
  'ProjectDeleted',
  'EnvironmentCreated',
  'EnvironmentDeleted',
  'EnvironmentMovedOut',
  'EnvironmentMovedIn',
] as const satisfies readonly projects.ProjectsEventType[];

/** The projects service's own setting (the service kit's), so whichever service creates the stream, it is the same. */
const DUPLICATE_WINDOW_MS = 2 * 60 * 60 * 1000;

type Consumed = Extract<projects.ProjectsEvent, { type: (typeof CONSUMED)[number] }>;

function isConsumed(envelope: EventEnvelope): boolean {
  return (CONSUMED as readonly string[]).includes(envelope.type);
}

export interface ProjectsFeedOptions {
  nc: NatsConnection;
  db: Database;
  store: PostgresEventStore;
  prefix: string;
}

/**
 * Taxonomy's durable consumer of the projects stream: keeps `known_projects` / `known_environments` (environment →
 * project), and removes a project's taxonomy when the project goes. The removal is a command on the project's registry
 * stream, idempotent, so a redelivered deletion decides nothing the second time.
 */
export async function projectsConsumer(options: ProjectsFeedOptions): Promise<EventConsumer> {
  const { nc, db, store, prefix } = options;
  // Taxonomy may start before the projects service: the stream is created as projects would create it.
  await ensureEventStream(await nc.jetstreamManager(), 'projects', prefix, { duplicateWindowMs: DUPLICATE_WINDOW_MS });
  return new EventConsumer<EventEnvelope>({
    nc,
    db,
    service: 'taxonomy',
    name: 'taxonomy-projects',
    stream: eventStreamName('projects', prefix),
    // The whole stream, not a filter per type: several filter subjects need nats-server 2.10, and the rest is cheap to skip.
    prefix,
    handle: async (envelope, tx) => {
      if (isConsumed(envelope)) await applyProjectsEvent(envelope as unknown as Consumed, tx, store);
    },
    // Replaying re-applies removals too: they are idempotent commands on the registry stream.
    reset: async (tx) => {
      await tx.query('DELETE FROM known_environments');
      await tx.query('DELETE FROM known_projects');
    },
  });
}

async function applyProjectsEvent(event: Consumed, tx: Transaction, store: PostgresEventStore): Promise<void> {
  switch (event.type) {
    case 'ProjectCreated':
      await tx.query('INSERT INTO known_projects (project_id) VALUES ($1) ON CONFLICT DO NOTHING', [event.data.projectId]);
      return;
    case 'EnvironmentCreated':
    case 'EnvironmentMovedIn':
      return placeEnvironment(tx, event.data.environmentId, event.data.projectId);
    case 'EnvironmentMovedOut':
      return placeEnvironment(tx, event.data.environmentId, event.data.toProjectId);
    case 'EnvironmentDeleted':
      await tx.query('DELETE FROM known_environments WHERE environment_id = $1 AND project_id = $2', [event.data.environmentId, event.data.projectId]);
      return;
    case 'ProjectDeletionRequested':
    case 'ProjectDeleted':
      return removeProject(tx, store, event.data.projectId);
    default: {
      const _exhaustive: never = event;
      return _exhaustive;
    }
  }
}

async function placeEnvironment(tx: Transaction, environmentId: number, projectId: number): Promise<void> {
  await tx.query(
    `INSERT INTO known_environments (environment_id, project_id) VALUES ($1, $2)
     ON CONFLICT (environment_id) DO UPDATE SET project_id = EXCLUDED.project_id`,
    [environmentId, projectId],
  );
}

/**
 * The removal is appended in its own transaction (the event store's), before the consumer's commits: a crash in
 * between redelivers the event, and the removal, already done, decides nothing.
 */
async function removeProject(tx: Transaction, store: PostgresEventStore, projectId: number): Promise<void> {
  const command = { type: 'RemoveProjectTaxonomy' as const, data: { projectId, removedAt: new Date().toISOString() } };
  await handleCommand(store, groupTypeDecider, groupTypeStreamId(projectId), command);
  await tx.query(
    `INSERT INTO known_projects (project_id, deleted) VALUES ($1, true) ON CONFLICT (project_id) DO UPDATE SET deleted = true`,
    [projectId],
  );
  await tx.query('DELETE FROM known_environments WHERE project_id = $1', [projectId]);
}
