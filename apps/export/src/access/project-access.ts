import { PermissionDeniedError, projects } from '@strata/contracts';
import type { Services } from './services';

/**
 * Export and import are for admins of the project's organization (SPEC §6). The projects service decides visibility
 * with the caller's principal: another organization's project, or one the key may not see, is 404 there.
 */
export async function projectAdministeredBy(services: Services, principal: projects.Principal, projectId: number): Promise<projects.Project> {
  const { result: project } = await services.call(projects.ProjectsSubjects.getProject, { principal, projectId });
  const level = principal.organizationLevels[project.organization_id] ?? 0;
  if (level < projects.Levels.admin) throw new PermissionDeniedError('Only admins of the organization can export or import its projects.');
  return project;
}

/** Every environment of the project the principal sees, with its settings (the service caps a page at 1,000). */
export async function environmentsOf(services: Services, principal: projects.Principal, projectId: number): Promise<projects.Environment[]> {
  const environments: projects.Environment[] = [];
  for (let offset = 0; ; offset += 1000) {
    const page = await services.call(projects.ProjectsSubjects.listEnvironments, { principal, projectId, page: { limit: 1000, offset } });
    const results = page.results.parse();
    environments.push(...results);
    if (results.length < 1000 || environments.length >= page.count) return environments;
  }
}
