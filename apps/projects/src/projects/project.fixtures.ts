import { projects } from '@strata/contracts';

/** Shared givens of the project and environment specs. */
export const ORG = '0190c6d2-0000-7000-8000-000000000001';
export const OTHER_ORG = '0190c6d2-0000-7000-8000-000000000002';
export const AT = '2025-01-01T00:00:00.000Z';

export function token(seed: string): string {
  return `phc_${seed.repeat(43).slice(0, 43)}`;
}

export function snapshot(overrides: Partial<projects.EnvironmentSnapshot> = {}): projects.EnvironmentSnapshot {
  return {
    environmentId: 7,
    uuid: 'env-uuid-7',
    projectId: 7,
    organizationId: ORG,
    name: 'Production',
    apiToken: token('a'),
    accessControl: false,
    settings: { ...projects.DEFAULT_ENVIRONMENT_SETTINGS },
    grants: {},
    createdAt: AT,
    ...overrides,
  };
}

export const projectCreated = (projectId = 7, name = 'Shop', organizationId = ORG): projects.ProjectCreated => ({
  type: 'ProjectCreated',
  data: { projectId, organizationId, name, defaultEnvironmentId: projectId, createdAt: AT },
});

export const environmentCreated = (overrides: Partial<projects.EnvironmentSnapshot> = {}): projects.EnvironmentCreated => ({
  type: 'EnvironmentCreated',
  data: snapshot(overrides),
});

/** Project 7 with `Production` (7) and `Staging` (8). */
export const projectWithTwoEnvironments = (): projects.ProjectEvent[] => [
  projectCreated(),
  environmentCreated(),
  environmentCreated({ environmentId: 8, uuid: 'env-uuid-8', name: 'Staging', apiToken: token('b') }),
];
