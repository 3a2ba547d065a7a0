import { projects } from '@strata/contracts';
import type { EnvironmentState } from './environment';
import { visibleEnvironments } from './visibility';

/** SPEC §4.2's environment body, from the decider's state or the read model (both in snapshot shape). */
export function environmentBody(environment: projects.EnvironmentSnapshot): projects.Environment {
  return {
    id: environment.environmentId,
    uuid: environment.uuid,
    project_id: environment.projectId,
    organization_id: environment.organizationId,
    name: environment.name,
    api_token: environment.apiToken,
    access_control: environment.accessControl,
    ...projects.environmentSettingsOf(environment.settings),
    created_at: environment.createdAt,
  };
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
