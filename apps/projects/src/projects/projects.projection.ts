import { projects } from '@strata/contracts';
import type { Transaction } from '@strata/database';
import type { RecordedEvent } from '@strata/eventstore';
import { versionedProjection } from '@strata/eventstore';

type ProjectEvent = RecordedEvent<projects.ProjectEvent>;

/**
 * `projects`, `environments` and `server_keys`: what lists, visibility checks and token and key lookups read. Updated in the append's
 * transaction, so a token reset or deletion is gone from here when the command answers. A project's `version` is its
 * stream's; an environment's counts the events that touched it, as the decider's `EnvironmentState.version` does.
 */
export const projectsProjection = versionedProjection<projects.ProjectEvent>({
  name: 'projects',
  handles: projects.PROJECT_EVENT_TYPES,
  version: { table: 'projects', idOf: (event) => event.data.projectId },
  apply: applyEvent,
  tables: ['server_keys', 'environments', 'projects'],
});

async function applyEvent(event: ProjectEvent, tx: Transaction): Promise<void> {
  switch (event.type) {
    case 'ProjectCreated': {
      const { projectId, organizationId, name, createdAt } = event.data;
      await tx.query(
        `INSERT INTO projects (id, organization_id, name, status, created_at, version) VALUES ($1, $2, $3, 'active', $4, $5)`,
        [projectId, organizationId, name, createdAt, event.streamPosition],
      );
      return;
    }
    case 'ProjectRenamed':
      await tx.query('UPDATE projects SET name = $2 WHERE id = $1', [event.data.projectId, event.data.name]);
      return;
    case 'ProjectDeletionRequested':
      await tx.query(`UPDATE projects SET status = 'deletion_pending' WHERE id = $1`, [event.data.projectId]);
      return;
    case 'ProjectDeleted':
      await tx.query('DELETE FROM environments WHERE project_id = $1', [event.data.projectId]);
      await tx.query('DELETE FROM projects WHERE id = $1', [event.data.projectId]);
      return;
    case 'EnvironmentCreated':
      return insertEnvironment(event.data, tx);
    case 'EnvironmentMovedIn':
      await insertEnvironment(event.data.environment, tx);
      return insertServerKeys(event.data.environment, tx);
    case 'EnvironmentDeleted':
    case 'EnvironmentMovedOut':
      // Scoped to the project: in a move the target's rows may already be there. A deletion's keys went just before.
      await tx.query('DELETE FROM environments WHERE id = $1 AND project_id = $2', [event.data.environmentId, event.data.projectId]);
      await tx.query('DELETE FROM server_keys WHERE environment_id = $1 AND project_id = $2', [event.data.environmentId, event.data.projectId]);
      return;
    case 'ServerKeyCreated':
      return insertServerKeys({ ...event.data, serverKeys: [event.data] }, tx);
    case 'ServerKeyRevoked':
      await tx.query('DELETE FROM server_keys WHERE id = $1', [event.data.keyId]);
      return;
    default:
      return applyEnvironmentChange(event, tx);
  }
}

async function insertEnvironment(environment: projects.EnvironmentSnapshot, tx: Transaction): Promise<void> {
  const { environmentId, uuid, projectId, organizationId, name, apiToken, accessControl, settings, grants, createdAt } = environment;
  await tx.query(
    `INSERT INTO environments (id, uuid, project_id, organization_id, name, api_token, access_control, settings, grants, created_at, version)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 1)
     ON CONFLICT (id) DO UPDATE SET
       project_id = EXCLUDED.project_id, organization_id = EXCLUDED.organization_id, name = EXCLUDED.name,
       api_token = EXCLUDED.api_token, access_control = EXCLUDED.access_control, settings = EXCLUDED.settings,
       grants = EXCLUDED.grants, version = 1`,
    [environmentId, uuid, projectId, organizationId, name, apiToken, accessControl, JSON.stringify(settings), JSON.stringify(grants), createdAt],
  );
}

async function insertServerKeys(
  { environmentId, projectId, serverKeys = [] }: Pick<projects.EnvironmentSnapshot, 'environmentId' | 'projectId' | 'serverKeys'>,
  tx: Transaction,
): Promise<void> {
  for (const { keyId, name, secretHash, visiblePrefix, createdAt } of serverKeys) {
    await tx.query(
      `INSERT INTO server_keys (id, environment_id, project_id, name, secret_hash, visible_prefix, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (id) DO UPDATE SET environment_id = EXCLUDED.environment_id, project_id = EXCLUDED.project_id`,
      [keyId, environmentId, projectId, name, secretHash, visiblePrefix, createdAt],
    );
  }
}

type EnvironmentChange = Extract<
  ProjectEvent,
  {
    type:
      | 'EnvironmentRenamed'
      | 'EnvironmentSettingsChanged'
      | 'EnvironmentTokenReset'
      | 'EnvironmentAccessControlToggled'
      | 'EnvironmentAccessGranted'
      | 'EnvironmentAccessRevoked';
  }
>;

async function applyEnvironmentChange(event: EnvironmentChange, tx: Transaction): Promise<void> {
  const [assignment, value] = environmentAssignment(event);
  await tx.query(`UPDATE environments SET ${assignment}, version = version + 1 WHERE id = $1`, [event.data.environmentId, value]);
}

/** The column update of each in-place change, with its one parameter (`$2`). */
function environmentAssignment(event: EnvironmentChange): [string, unknown] {
  switch (event.type) {
    case 'EnvironmentRenamed':
      return ['name = $2', event.data.name];
    case 'EnvironmentSettingsChanged':
      return ['settings = settings || $2::jsonb', JSON.stringify(event.data.changes)];
    case 'EnvironmentTokenReset':
      return ['api_token = $2', event.data.apiToken];
    case 'EnvironmentAccessControlToggled':
      return ['access_control = $2', event.data.accessControl];
    case 'EnvironmentAccessGranted':
      return ['grants = grants || $2::jsonb', JSON.stringify({ [event.data.userId]: event.data.level })];
    case 'EnvironmentAccessRevoked':
      return ['grants = grants - $2::text', event.data.userId];
    default: {
      const _exhaustive: never = event;
      return _exhaustive;
    }
  }
}
