import { NotFoundError, PermissionDeniedError, projects } from '@strata/contracts';

const { Levels } = projects;
type Level = projects.OrganizationLevel;
type Principal = projects.Principal;

/**
 * Who sees what and who may do what (SPEC §4.2). Handlers answer `hidden` with 404 — never leaking existence — and
 * `visible` but not allowed with 403. Pure: the handler supplies the target as its read model knows it.
 */
export type AccessTarget =
  | { kind: 'organization'; organizationId: string }
  | { kind: 'project'; organizationId: string; projectId: number }
  | {
      kind: 'environment';
      organizationId: string;
      projectId: number;
      environmentId: number;
      accessControl: boolean;
      grants: Record<string, projects.GrantLevel>;
    };

export type Visibility = 'visible' | 'hidden';

/** The level each action takes, per kind of target (SPEC §4.1, §4.2 "who" columns). */
export const REQUIRED_LEVEL = {
  organization: {
    'organization:read': Levels.member,
    'organization:update': Levels.admin,
    'members:read': Levels.member,
    'members:manage': Levels.admin,
    'project:create': Levels.admin,
  },
  project: {
    'project:read': Levels.member,
    'project:update': Levels.member,
    'project:delete': Levels.admin,
    'environment:create': Levels.admin,
    'environment:adopt': Levels.admin,
  },
  environment: {
    'environment:read': Levels.member,
    'environment:update': Levels.member,
    'environment:restrict': Levels.admin,
    'environment:delete': Levels.admin,
    'environment:reset_token': Levels.admin,
    'environment:access': Levels.admin,
    'environment:move': Levels.admin,
    'environment:server_keys': Levels.admin,
  },
} as const satisfies Record<AccessTarget['kind'], Record<string, Level>>;

export type ActionOn<K extends AccessTarget['kind']> = keyof (typeof REQUIRED_LEVEL)[K];

/** What a key scoped to environments may still do on the organization and project holding them. */
const READS_THROUGH_ENVIRONMENT_SCOPE: ReadonlySet<string> = new Set(['organization:read', 'project:read']);

export function visibility(principal: Principal, target: AccessTarget): Visibility {
  return effectiveLevel(principal, target) === null ? 'hidden' : 'visible';
}

/**
 * The principal's level on the target, or `null` when the target is hidden: not a member, outside the key's
 * scopes, or a restricted environment a member holds no grant on. Admins and owners see every environment of
 * their organization; a grant lifts a member on a restricted environment to the granted level.
 */
export function effectiveLevel(principal: Principal, target: AccessTarget): Level | null {
  const organizationLevel = principal.organizationLevels[target.organizationId];
  if (organizationLevel === undefined || !withinScopes(principal.scopes, target)) return null;
  if (target.kind !== 'environment' || !target.accessControl || organizationLevel >= Levels.admin) {
    return organizationLevel;
  }
  return target.grants[principal.userId] ?? null;
}

function withinScopes(scopes: projects.KeyScopes, target: AccessTarget): boolean {
  if (scopes.organizations !== null && !scopes.organizations.includes(target.organizationId)) return false;
  if (scopes.environments === null) return true;
  return scopes.environments.some((scoped) => {
    switch (target.kind) {
      case 'organization':
        return scoped.organizationId === target.organizationId;
      case 'project':
        return scoped.projectId === target.projectId;
      case 'environment':
        return scoped.environmentId === target.environmentId;
      default: {
        const _exhaustive: never = target;
        return _exhaustive;
      }
    }
  });
}

export function canPerform<T extends AccessTarget>(principal: Principal, target: T, action: ActionOn<T['kind']>): boolean {
  const level = effectiveLevel(principal, target);
  if (level === null) return false;
  const scopedToEnvironments = principal.scopes.environments !== null;
  if (scopedToEnvironments && target.kind !== 'environment' && !READS_THROUGH_ENVIRONMENT_SCOPE.has(String(action))) {
    return false;
  }
  const required: Level = (REQUIRED_LEVEL[target.kind] as Record<string, Level>)[String(action)];
  return level >= required;
}

/** Throws what the caller must answer: 404 when hidden, 403 when visible but not allowed. */
export function authorize<T extends AccessTarget>(principal: Principal, target: T, action: ActionOn<T['kind']>): void {
  if (visibility(principal, target) === 'hidden') throw new NotFoundError();
  if (!canPerform(principal, target, action)) throw new PermissionDeniedError();
}

/**
 * A key may only create keys that see no more than itself, so a scoped key cannot mint its way out of its scopes.
 * `null` requested = unrestricted on that axis.
 */
export function mayCreateKeyWithScopes(principal: Principal, requested: KeyReach): boolean {
  return reachCovers(reachOf(principal), requested);
}

/** What a key may see, by its scopes: `null` = unrestricted on that axis. */
export interface KeyReach {
  organizations: string[] | null;
  environments: number[] | null;
}

export function reachOf(principal: Principal): KeyReach {
  const { organizations, environments } = principal.scopes;
  return { organizations, environments: environments === null ? null : environments.map((scoped) => scoped.environmentId) };
}

/** Whether everything `other` reaches, `reach` reaches too: it is scoped no wider on either axis. */
export function reachCovers(reach: KeyReach, other: KeyReach): boolean {
  return withinAxis(reach.organizations, other.organizations) && withinAxis(reach.environments, other.environments);
}

function withinAxis<T>(allowed: readonly T[] | null, requested: readonly T[] | null): boolean {
  return allowed === null || (requested !== null && requested.every((id) => allowed.includes(id)));
}
