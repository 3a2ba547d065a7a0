import { ConflictError, NotFoundError, ValidationError, projects } from '@strata/contracts';
import { sameName } from '../common/names';
import { changedSettings } from './settings';

/**
 * An environment inside its project aggregate (stream `project-<id>`). This file holds the rules that concern one
 * environment; `project.ts` routes these commands here after the project-level checks.
 */
export interface EnvironmentState extends projects.EnvironmentSnapshot {
  /** Counts the events that touched this environment: its `ETag`, finer than the project stream's version. */
  version: number;
}

export type UpdateEnvironment = {
  type: 'UpdateEnvironment';
  data: {
    environmentId: number;
    name?: string;
    accessControl?: boolean;
    settings?: Partial<projects.EnvironmentSettings>;
  };
};

export type ResetEnvironmentToken = {
  type: 'ResetEnvironmentToken';
  data: { environmentId: number; apiToken: string; resetAt: string };
};

/** `granteeLevel`: the grantee's level in the organization as the handler read it; `null` = not a member. */
export type GrantEnvironmentAccess = {
  type: 'GrantEnvironmentAccess';
  data: {
    environmentId: number;
    userId: string;
    level: projects.GrantLevel;
    granteeLevel: projects.OrganizationLevel | null;
  };
};

export type RevokeEnvironmentAccess = {
  type: 'RevokeEnvironmentAccess';
  data: { environmentId: number; userId: string };
};

export type EnvironmentCommand =
  | UpdateEnvironment
  | ResetEnvironmentToken
  | GrantEnvironmentAccess
  | RevokeEnvironmentAccess;

/** Events that change an existing environment in place (creation, deletion and moves are the project's). */
export type EnvironmentChange =
  | projects.EnvironmentRenamed
  | projects.EnvironmentSettingsChanged
  | projects.EnvironmentTokenReset
  | projects.EnvironmentAccessControlToggled
  | projects.EnvironmentAccessGranted
  | projects.EnvironmentAccessRevoked;

/** `siblings`: the project's other environments, for the case-insensitive unique name rule. */
export function decideForEnvironment(
  command: EnvironmentCommand,
  environment: EnvironmentState,
  siblings: readonly EnvironmentState[],
): EnvironmentChange[] {
  const { environmentId, projectId } = environment;
  switch (command.type) {
    case 'UpdateEnvironment':
      return decideUpdate(command.data, environment, siblings);
    case 'ResetEnvironmentToken': {
      if (!projects.isEnvironmentToken(command.data.apiToken) || command.data.apiToken === environment.apiToken) {
        throw new ValidationError('A new token must be phc_ followed by 43 url-safe characters.', 'api_token');
      }
      const { apiToken, resetAt } = command.data;
      return [
        { type: 'EnvironmentTokenReset', data: { environmentId, projectId, apiToken, previousToken: environment.apiToken, resetAt } },
      ];
    }
    case 'GrantEnvironmentAccess': {
      const { userId, level, granteeLevel } = command.data;
      if (granteeLevel === null) {
        throw new ValidationError('The user is not a member of this organization.', 'user_id', 'invalid_user');
      }
      if (environment.grants[userId] === level) return [];
      return [{ type: 'EnvironmentAccessGranted', data: { environmentId, projectId, userId, level } }];
    }
    case 'RevokeEnvironmentAccess': {
      const { userId } = command.data;
      if (environment.grants[userId] === undefined) throw new NotFoundError('This user has no grant on the environment.');
      return [{ type: 'EnvironmentAccessRevoked', data: { environmentId, projectId, userId } }];
    }
    default: {
      const _exhaustive: never = command;
      return _exhaustive;
    }
  }
}

function decideUpdate(
  update: UpdateEnvironment['data'],
  environment: EnvironmentState,
  siblings: readonly EnvironmentState[],
): EnvironmentChange[] {
  const { environmentId, projectId } = environment;
  const events: EnvironmentChange[] = [];
  const { name } = update;
  if (name !== undefined && name !== environment.name) {
    assertNameFree(name, siblings);
    events.push({ type: 'EnvironmentRenamed', data: { environmentId, projectId, name } });
  }
  if (update.settings !== undefined) {
    const changes = changedSettings(environment.settings, update.settings);
    if (Object.keys(changes).length > 0) {
      events.push({ type: 'EnvironmentSettingsChanged', data: { environmentId, projectId, changes } });
    }
  }
  if (update.accessControl !== undefined) {
    if (update.accessControl !== environment.accessControl) {
      events.push({
        type: 'EnvironmentAccessControlToggled',
        data: { environmentId, projectId, accessControl: update.accessControl },
      });
    }
  }
  return events;
}

/** Environment names are unique per project, case-insensitively (409). */
export function assertNameFree(name: string, environments: readonly EnvironmentState[]): void {
  if (environments.some((other) => sameName(other.name, name))) {
    throw new ConflictError(`An environment named '${name}' already exists in this project.`, 'duplicate_name', 'name');
  }
}

export function evolveEnvironment<E extends EnvironmentState>(environment: E, event: EnvironmentChange): E {
  const version = environment.version + 1;
  switch (event.type) {
    case 'EnvironmentRenamed':
      return { ...environment, version, name: event.data.name };
    case 'EnvironmentSettingsChanged':
      return { ...environment, version, settings: { ...environment.settings, ...event.data.changes } };
    case 'EnvironmentTokenReset':
      return { ...environment, version, apiToken: event.data.apiToken };
    case 'EnvironmentAccessControlToggled':
      return { ...environment, version, accessControl: event.data.accessControl };
    case 'EnvironmentAccessGranted':
      return { ...environment, version, grants: { ...environment.grants, [event.data.userId]: event.data.level } };
    case 'EnvironmentAccessRevoked': {
      const { [event.data.userId]: _revoked, ...grants } = environment.grants;
      return { ...environment, version, grants };
    }
    default: {
      const _exhaustive: never = event;
      return _exhaustive;
    }
  }
}

/** Server keys are listed only when there are some: absent means none, as on `EnvironmentCreated`. */
export function snapshotOf(environment: EnvironmentState): projects.EnvironmentSnapshot {
  const { version: _version, serverKeys, ...snapshot } = environment;
  return serverKeys === undefined || serverKeys.length === 0 ? snapshot : { ...snapshot, serverKeys };
}
