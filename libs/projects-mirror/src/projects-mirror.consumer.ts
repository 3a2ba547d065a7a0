import type { ServiceName } from '@strata/contracts';
import type { Database, Transaction } from '@strata/database';
import { consume, ensureEventStream, type EventConsumer, type RecordedEvent } from '@strata/messaging';
import type { NatsConnection } from 'nats';
import { resetProjectsMirror } from './projects-mirror.migrations';

/** The projects events the mirror keeps: which projects exist or are gone, and which environment is in which. */
export const MIRRORED_EVENTS = [
  'ProjectCreated',
  'ProjectDeletionRequested',
  'ProjectDeleted',
  'EnvironmentCreated',
  'EnvironmentDeleted',
  'EnvironmentMovedOut',
  'EnvironmentMovedIn',
] as const;

export type MirroredEvent = RecordedEvent<'projects', (typeof MIRRORED_EVENTS)[number]>;

export interface ProjectsMirrorConsumerOptions {
  nc: NatsConnection;
  db: Database;
  /** The service keeping the mirror: its dead letters, and the consumer's name `<service>-projects`. */
  service: ServiceName;
  prefix: string;
  /**
   * The service's own reaction to a mirrored event (e.g. removing what it holds for a deleted project), run before the
   * mirror changes, in the same consumer transaction. It must be idempotent: replays and redeliveries repeat it.
   */
  react?: (event: MirroredEvent, tx: Transaction) => Promise<void>;
}

/** The durable consumer keeping a service's mirror of projects (`known_projects`, `known_environments`). */
export async function projectsMirrorConsumer(options: ProjectsMirrorConsumerOptions): Promise<EventConsumer> {
  const { nc, db, service, prefix, react } = options;
  // The service may start before projects: the stream is created as projects would create it.
  await ensureEventStream(await nc.jetstreamManager(), 'projects', prefix);
  return consume({
    nc,
    db,
    service,
    name: `${service}-projects`,
    from: 'projects',
    events: MIRRORED_EVENTS,
    prefix,
    handle: async (event, tx) => {
      await react?.(event, tx);
      await mirror(event, tx);
    },
    // Replaying repeats the reactions too: they are idempotent.
    reset: resetProjectsMirror,
  });
}

async function mirror(event: MirroredEvent, tx: Transaction): Promise<void> {
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
      return removeProject(tx, event.data.projectId);
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

async function removeProject(tx: Transaction, projectId: number): Promise<void> {
  await tx.query(`INSERT INTO known_projects (project_id, deleted) VALUES ($1, true) ON CONFLICT (project_id) DO UPDATE SET deleted = true`, [projectId]);
  await tx.query('DELETE FROM known_environments WHERE project_id = $1', [projectId]);
}
