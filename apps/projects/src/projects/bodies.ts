import { projects } from '@strata/contracts';
import type { EnvironmentState } from './environment';
import { visibleEnvironments } from './visibility';

/** SPEC §4.2's environment body, from the decider's state or the read model (both in snapshot shape). */
export function environmentBody(environment: projects.EnvironmentSnapshot): projects.Environment {
  const body: Record<string, unknown> = {
    id: environment.environmentId,
    uuid: environment.uuid,
    project_id: environment.projectId,
    organization_id: environment.organizationId,
    name: environment.name,
    api_token: environment.apiToken,
    access_control: environment.accessControl,
  };
  // A plain loop: this runs for every environment read, and `Object.fromEntries` of mapped pairs showed in profiles.
  for (const name of projects.ENVIRONMENT_SETTING_NAMES) body[name] = environment.settings[name] ?? projects.DEFAULT_ENVIRONMENT_SETTINGS[name];
  body.created_at = environment.createdAt;
  return body as unknown as projects.Environment;
}

export interface ProjectFacts {
  projectId: number;
  organizationId: string;
  name: string;
  createdAt: string;
}

/** SPEC §4.2's project body: `environments` lists only those the principal sees. */
export function projectBody(
  project: ProjectFacts,
  environments: readonly EnvironmentState[],
  principal: projects.Principal,
): projects.Project {
  return {
    id: project.projectId,
    organization_id: project.organizationId,
    name: project.name,
    environments: visibleEnvironments(principal, environments).map((environment) => ({ id: environment.environmentId, name: environment.name })),
    created_at: project.createdAt,
  };
}
