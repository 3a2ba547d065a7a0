import type { projects } from '@strata/contracts';
import { visibility, type AccessTarget } from '../access/access';
import type { EnvironmentState } from './environment';

type Principal = projects.Principal;

export function organizationTarget(organizationId: string): AccessTarget & { kind: 'organization' } {
  return { kind: 'organization', organizationId };
}

export function projectTarget(project: { organizationId: string; projectId: number }): AccessTarget & { kind: 'project' } {
  return { kind: 'project', organizationId: project.organizationId, projectId: project.projectId };
}

export function environmentTarget(environment: projects.EnvironmentSnapshot): AccessTarget & { kind: 'environment' } {
  const { organizationId, projectId, environmentId, accessControl, grants } = environment;
  return { kind: 'environment', organizationId, projectId, environmentId, accessControl, grants };
}

/** Organizations whose content the principal may see: those it belongs to, narrowed by its key's scopes. */
export function visibleOrganizationIds(principal: Principal): string[] {
  return Object.keys(principal.organizationLevels).filter((id) => visibility(principal, organizationTarget(id)) === 'visible');
}

/** `null` when the key is not scoped to environments. */
export function scopedEnvironmentIds(principal: Principal): number[] | null {
  return principal.scopes.environments?.map((scoped) => scoped.environmentId) ?? null;
}

export function scopedProjectIds(principal: Principal): number[] | null {
  const environments = principal.scopes.environments;
  return environments === null ? null : [...new Set(environments.map((scoped) => scoped.projectId))];
}

export function visibleEnvironments<E extends EnvironmentState>(principal: Principal, environments: readonly E[]): E[] {
  return environments.filter((environment) => visibility(principal, environmentTarget(environment)) === 'visible');
}
