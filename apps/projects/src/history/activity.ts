import { projects } from '@strata/contracts';
import type { RecordedEvent } from '@strata/eventstore';
import { changeLogProjection, diffFields, type ChangeLogEntry, type Known } from '@strata/service-kit';

/**
 * How the projects service's events become entries of its change log (SPEC §10) — no I/O: a project, an environment
 * (its name, access control and settings), a server key, an access grant, each a subject whose fields the changes
 * compare. Tokens and key secrets are never in an entry: a token reset says only that it happened.
 */

type Event = projects.ProjectEvent;
/** A subject's fields as the API names them. */
type Fields = Record<string, unknown>;
type Entry = ChangeLogEntry<Fields>;

const project = (id: number) => `project-${id}`;
const environment = (id: number) => `environment-${id}`;
const serverKey = (id: string) => `server-key-${id}`;
const grant = (environmentId: number, userId: string) => `grant-${environmentId}-${userId}`;

function subjectsOf(event: RecordedEvent<Event>): string[] {
  const data = event.data;
  const subjects = 'environmentId' in data ? [environment(data.environmentId)] : [project(data.projectId)];
  if (event.type === 'ServerKeyRevoked') subjects.push(serverKey(event.data.keyId));
  if (event.type === 'EnvironmentAccessGranted' || event.type === 'EnvironmentAccessRevoked') subjects.push(grant(event.data.environmentId, event.data.userId));
  return subjects;
}

export function entryOf(event: RecordedEvent<Event>, known: Known<Fields>): Entry | null {
  switch (event.type) {
    case 'ProjectCreated':
      return change(known, project(event.data.projectId), { projectId: event.data.projectId, environmentId: null, kind: 'project', entityId: String(event.data.projectId), action: 'created' }, { name: event.data.name });
    case 'ProjectRenamed':
      return change(known, project(event.data.projectId), { projectId: event.data.projectId, environmentId: null, kind: 'project', entityId: String(event.data.projectId), action: 'updated' }, { name: event.data.name });
    case 'ProjectDeleted':
      return change(known, project(event.data.projectId), { projectId: event.data.projectId, environmentId: null, kind: 'project', entityId: String(event.data.projectId), action: 'deleted' }, null);
    case 'ProjectDeletionRequested':
    case 'EnvironmentMovedOut':
      return null;
    case 'EnvironmentCreated':
      return environmentChange(known, event.data, 'created', fieldsOf(event.data));
    case 'EnvironmentMovedIn':
      return environmentChange(known, event.data, 'moved', { ...fieldsOf(event.data.environment), project_id: event.data.projectId });
    case 'EnvironmentRenamed':
      return environmentChange(known, event.data, 'updated', { ...before(known, event.data), name: event.data.name });
    case 'EnvironmentSettingsChanged':
      return environmentChange(known, event.data, 'updated', { ...before(known, event.data), ...event.data.changes });
    case 'EnvironmentAccessControlToggled':
      return environmentChange(known, event.data, 'updated', { ...before(known, event.data), access_control: event.data.accessControl });
    case 'EnvironmentTokenReset':
      return { ...environmentChange(known, event.data, 'token_reset', before(known, event.data)), changes: [] };
    case 'EnvironmentDeleted':
      return environmentChange(known, event.data, 'deleted', null);
    case 'EnvironmentAccessGranted':
    case 'EnvironmentAccessRevoked': {
      const { projectId, environmentId, userId } = event.data;
      const after = event.type === 'EnvironmentAccessGranted' ? { level: event.data.level } : null;
      const action = event.type === 'EnvironmentAccessGranted' ? 'access_granted' : 'access_revoked';
      return change(known, grant(environmentId, userId), { projectId, environmentId, kind: 'access_grant', entityId: userId, action }, after);
    }
    case 'ServerKeyCreated':
    case 'ServerKeyRevoked': {
      const { projectId, environmentId, keyId } = event.data;
      const after = event.type === 'ServerKeyCreated' ? { name: event.data.name } : null;
      return change(known, serverKey(keyId), { projectId, environmentId, kind: 'server_key', entityId: keyId, action: event.type === 'ServerKeyCreated' ? 'created' : 'deleted' }, after);
    }
    default: {
      const _exhaustive: never = event;
      return _exhaustive;
    }
  }
}

type Place = Pick<Entry, 'projectId' | 'environmentId' | 'kind' | 'entityId' | 'action'>;

function change(known: Known<Fields>, subject: string, place: Place, after: Fields | null): Entry {
  const previous = known.state(subject);
  const name = String((after ?? previous)?.name ?? '') || null;
  return { ...place, subject, name, changes: diffFields(previous ?? {}, after ?? {}), state: after };
}

function environmentChange(known: Known<Fields>, data: { environmentId: number; projectId: number }, action: Place['action'], after: Fields | null): Entry {
  const place = { projectId: data.projectId, environmentId: data.environmentId, kind: 'environment', entityId: String(data.environmentId), action };
  return change(known, environment(data.environmentId), place, after);
}

function before(known: Known<Fields>, data: { environmentId: number }): Fields {
  return known.state(environment(data.environmentId)) ?? {};
}

function fieldsOf(snapshot: projects.EnvironmentSnapshot): Fields {
  return { name: snapshot.name, access_control: snapshot.accessControl, ...snapshot.settings };
}

/** `change_log` of the projects service, kept in the append's transaction like its other read models. */
export const projectsActivityProjection = changeLogProjection<Event, Fields>({ handles: projects.PROJECT_EVENT_TYPES, subjectsOf, entryOf });
