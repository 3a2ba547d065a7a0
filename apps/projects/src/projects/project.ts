import type { Decider } from '@strata/eventstore';
import { ConflictError, NotFoundError, ValidationError, projects } from '@strata/contracts';
import {
  assertNameFree,
  decideForEnvironment,
  evolveEnvironment,
  snapshotOf,
  type EnvironmentCommand,
  type EnvironmentState,
} from './environment';
import { decideForServerKeys, evolveServerKeys, revokeAllServerKeys, type ServerKeyCommand } from './server-keys';
import { initialSettings } from './settings';

/**
 * The project aggregate, stream `project-<id>`: the project and its environments. Ids, tokens and timestamps come in
 * the commands (the handler draws them), so `decide` stays pure and deterministic.
 */
export type ProjectStatus = 'active' | 'deletion_pending' | 'deleted';

export interface ExistingProject {
  status: ProjectStatus;
  projectId: number;
  organizationId: string;
  name: string;
  createdAt: string;
  /** In creation order; the first is the default environment until it is deleted or moved away. */
  environments: ProjectEnvironment[];
}

/** An environment as its project's stream holds it: with its server keys (`server-keys.ts`). */
export type ProjectEnvironment = EnvironmentState & { serverKeys: projects.ServerKeyRef[] };

export type ProjectState = { status: 'absent' } | ExistingProject;

export const DEFAULT_ENVIRONMENT_NAME = 'Production';

type NewEnvironment = {
  uuid: string;
  apiToken: string;
  name?: string;
  accessControl?: boolean;
  settings?: Partial<projects.EnvironmentSettings>;
};

export type ProjectCommand =
  | {
      type: 'CreateProject';
      data: { projectId: number; organizationId: string; name: string; defaultEnvironment: NewEnvironment; createdAt: string };
    }
  | { type: 'RenameProject'; data: { name: string } }
  | { type: 'RequestProjectDeletion'; data: { requestedAt: string } }
  | { type: 'CompleteProjectDeletion'; data: { deletedAt: string } }
  | { type: 'CreateEnvironment'; data: NewEnvironment & { environmentId: number; name: string; createdAt: string } }
  | { type: 'DeleteEnvironment'; data: { environmentId: number; deletedAt: string } }
  | { type: 'MoveEnvironmentOut'; data: { environmentId: number; toProjectId: number; movedAt: string } }
  /** `name` renames the environment on arrival, for when its name is taken in the target project. */
  | { type: 'AdoptEnvironment'; data: { environment: projects.EnvironmentSnapshot; name?: string; movedAt: string } }
  | EnvironmentCommand
  | ServerKeyCommand;

type ProjectEvent = projects.ProjectEvent;

export function decide(command: ProjectCommand, state: ProjectState): ProjectEvent[] {
  if (command.type === 'CreateProject') return decideCreation(command.data, state);
  if (command.type === 'CompleteProjectDeletion') return decideCompletion(command.data, state);
  const project = activeProject(state);
  const { projectId } = project;
  switch (command.type) {
    case 'RenameProject': {
      const { name } = command.data;
      return name === project.name ? [] : [{ type: 'ProjectRenamed', data: { projectId, name } }];
    }
    case 'RequestProjectDeletion': {
      const environmentIds = project.environments.map((environment) => environment.environmentId);
      return [{ type: 'ProjectDeletionRequested', data: { projectId, organizationId: project.organizationId, environmentIds, requestedAt: command.data.requestedAt } }];
    }
    case 'CreateEnvironment':
      return [environmentCreated(project, command.data)];
    case 'DeleteEnvironment':
      return decideEnvironmentDeletion(command.data, project);
    case 'MoveEnvironmentOut':
      return decideMoveOut(command.data, project);
    case 'AdoptEnvironment':
      return decideAdoption(command.data, project);
    case 'UpdateEnvironment':
    case 'ResetEnvironmentToken':
    case 'GrantEnvironmentAccess':
    case 'RevokeEnvironmentAccess': {
      const environment = environmentOf(project, command.data.environmentId);
      const siblings = project.environments.filter((other) => other !== environment);
      return decideForEnvironment(command, environment, siblings);
    }
    case 'CreateServerKey':
    case 'RevokeServerKey':
      return decideForServerKeys(command, environmentOf(project, command.data.environmentId));
    default: {
      const _exhaustive: never = command;
      return _exhaustive;
    }
  }
}

/** A project keeps at least one environment: its last one goes with the project. */
function decideEnvironmentDeletion(
  { environmentId, deletedAt }: Extract<ProjectCommand, { type: 'DeleteEnvironment' }>['data'],
  project: ExistingProject,
): ProjectEvent[] {
  const environment = environmentOf(project, environmentId);
  const { apiToken } = environment;
  if (project.environments.length === 1) {
    throw new ValidationError(
      'An environment cannot be deleted while it is the last one of its project; delete the project instead.',
      null,
      'last_environment',
    );
  }
  return [
    ...revokeAllServerKeys(environment),
    { type: 'EnvironmentDeleted', data: { environmentId, projectId: project.projectId, apiToken, deletedAt } },
  ];
}

function decideCreation(
  command: Extract<ProjectCommand, { type: 'CreateProject' }>['data'],
  state: ProjectState,
): ProjectEvent[] {
  if (state.status !== 'absent') throw new ConflictError(`Project ${command.projectId} already exists.`);
  const { projectId, organizationId, name, createdAt } = command;
  const shell: ExistingProject = { status: 'active', projectId, organizationId, name, createdAt, environments: [] };
  const defaultEnvironment = {
    ...command.defaultEnvironment,
    environmentId: projectId,
    name: command.defaultEnvironment.name ?? DEFAULT_ENVIRONMENT_NAME,
    createdAt,
  };
  return [
    { type: 'ProjectCreated', data: { projectId, organizationId, name, defaultEnvironmentId: projectId, createdAt } },
    environmentCreated(shell, defaultEnvironment),
  ];
}

function decideCompletion(command: { deletedAt: string }, state: ProjectState): ProjectEvent[] {
  if (state.status === 'absent' || state.status === 'deleted') throw new NotFoundError('Project not found.');
  if (state.status !== 'deletion_pending') throw new ConflictError('No deletion of this project is pending.');
  return [...state.environments.flatMap(revokeAllServerKeys), projectDeleted(state, state.environments, command.deletedAt)];
}

function decideMoveOut(
  command: { environmentId: number; toProjectId: number; movedAt: string },
  project: ExistingProject,
): ProjectEvent[] {
  const environment = environmentOf(project, command.environmentId);
  if (command.toProjectId === project.projectId) {
    throw new ValidationError('The environment already belongs to this project.', 'environment_id');
  }
  const { projectId } = project;
  const { environmentId } = environment;
  const { toProjectId, movedAt } = command;
  const movedOut: ProjectEvent = {
    type: 'EnvironmentMovedOut',
    data: { environmentId, projectId, toProjectId, environment: snapshotOf(environment), movedAt },
  };
  // SPEC §7: a project left without environments is deleted.
  return project.environments.length === 1 ? [movedOut, projectDeleted(project, [], movedAt)] : [movedOut];
}

function decideAdoption(
  command: { environment: projects.EnvironmentSnapshot; name?: string; movedAt: string },
  project: ExistingProject,
): ProjectEvent[] {
  const incoming = command.environment;
  if (incoming.organizationId !== project.organizationId) {
    throw new ValidationError('Environments move only between projects of one organization.', 'environment_id');
  }
  if (project.environments.some((environment) => environment.environmentId === incoming.environmentId)) {
    throw new ValidationError('The environment already belongs to this project.', 'environment_id');
  }
  // The snapshot's name was valid in its project; a new one was checked at the edge.
  const name = command.name ?? incoming.name;
  assertNameFree(name, project.environments);
  const { projectId } = project;
  return [
    {
      type: 'EnvironmentMovedIn',
      data: {
        environmentId: incoming.environmentId,
        projectId,
        fromProjectId: incoming.projectId,
        environment: { ...incoming, projectId, name },
        movedAt: command.movedAt,
      },
    },
  ];
}

function environmentCreated(
  project: ExistingProject,
  command: NewEnvironment & { environmentId: number; name: string; createdAt: string },
): projects.EnvironmentCreated {
  if (project.environments.some((environment) => environment.environmentId === command.environmentId)) {
    throw new ConflictError(`Environment ${command.environmentId} already exists.`);
  }
  if (!projects.isEnvironmentToken(command.apiToken)) {
    throw new ValidationError('The token must be phc_ followed by 43 url-safe characters.', 'api_token');
  }
  const { name } = command;
  assertNameFree(name, project.environments);
  const accessControl = command.accessControl ?? false;
  return {
    type: 'EnvironmentCreated',
    data: {
      environmentId: command.environmentId,
      uuid: command.uuid,
      projectId: project.projectId,
      organizationId: project.organizationId,
      name,
      apiToken: command.apiToken,
      accessControl,
      settings: initialSettings(command.settings),
      grants: {},
      createdAt: command.createdAt,
    },
  };
}

function projectDeleted(project: ExistingProject, environments: EnvironmentState[], deletedAt: string): projects.ProjectDeleted {
  const { projectId, organizationId } = project;
  const tokens = environments.map(({ environmentId, apiToken }) => ({ environmentId, apiToken }));
  return { type: 'ProjectDeleted', data: { projectId, organizationId, environments: tokens, deletedAt } };
}

/** Absent and deleted projects are 404; a project whose deletion is pending takes no more changes (400). */
function activeProject(state: ProjectState): ExistingProject {
  if (state.status === 'absent' || state.status === 'deleted') throw new NotFoundError('Project not found.');
  if (state.status === 'deletion_pending') {
    throw new ValidationError('This project is being deleted.', null, 'deletion_pending');
  }
  return state;
}

/** A project that never existed or was deleted is 404 before anyone's access is even considered. */
export function existingProject(state: ProjectState): ExistingProject {
  if (state.status === 'absent' || state.status === 'deleted') throw new NotFoundError('Project not found.');
  return state;
}

export function environmentOf(project: ExistingProject, environmentId: number): ProjectEnvironment {
  const environment = project.environments.find((candidate) => candidate.environmentId === environmentId);
  if (environment === undefined) throw new NotFoundError('Environment not found.');
  return environment;
}

export function evolve(state: ProjectState, event: ProjectEvent): ProjectState {
  if (event.type === 'ProjectCreated') {
    const { projectId, organizationId, name, createdAt } = event.data;
    return { status: 'active', projectId, organizationId, name, createdAt, environments: [] };
  }
  if (state.status === 'absent') return state;
  const environments = state.environments;
  switch (event.type) {
    case 'ProjectRenamed':
      return { ...state, name: event.data.name };
    case 'ProjectDeletionRequested':
      return { ...state, status: 'deletion_pending' };
    case 'ProjectDeleted':
      return { ...state, status: 'deleted', environments: [] };
    case 'EnvironmentCreated':
      return { ...state, environments: [...environments, heldFrom(event.data)] };
    case 'EnvironmentMovedIn':
      return { ...state, environments: [...environments, heldFrom(event.data.environment)] };
    case 'EnvironmentDeleted':
    case 'EnvironmentMovedOut':
      return { ...state, environments: environments.filter((e) => e.environmentId !== event.data.environmentId) };
    case 'EnvironmentRenamed':
    case 'EnvironmentSettingsChanged':
    case 'EnvironmentTokenReset':
    case 'EnvironmentAccessControlToggled':
    case 'EnvironmentAccessGranted':
    case 'EnvironmentAccessRevoked':
      return {
        ...state,
        environments: environments.map((e) => (e.environmentId === event.data.environmentId ? evolveEnvironment(e, event) : e)),
      };
    case 'ServerKeyCreated':
    case 'ServerKeyRevoked':
      return {
        ...state,
        environments: environments.map((e) => (e.environmentId === event.data.environmentId ? evolveServerKeys(e, event) : e)),
      };
    default: {
      const _exhaustive: never = event;
      return _exhaustive;
    }
  }
}

function heldFrom(snapshot: projects.EnvironmentSnapshot): ProjectEnvironment {
  return { ...snapshot, serverKeys: snapshot.serverKeys ?? [], version: 1 };
}

export function initialState(): ProjectState {
  return { status: 'absent' };
}

export const projectDecider: Decider<ProjectState, ProjectCommand, ProjectEvent> = { decide, evolve, initialState };
