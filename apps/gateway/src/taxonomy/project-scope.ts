import { Injectable } from '@nestjs/common';
import { projects } from '@strata/contracts';
import { ProjectsClient } from '../projects-client';

/**
 * Taxonomy is owned per project, but it is reached through a project or through one of its environments. Either way
 * the projects service decides whether the caller may see the way in — a restricted environment without a grant is
 * 404, and so is the project-wide taxonomy behind it — and the taxonomy service is then asked for the project only.
 */
@Injectable()
export class ProjectScope {
  constructor(private readonly projectsClient: ProjectsClient) {}

  async ofProject(principal: projects.Principal, projectId: number): Promise<number> {
    const { result } = await this.projectsClient.call(projects.ProjectsSubjects.getProject, { principal, projectId });
    return result.id;
  }

  async ofEnvironment(principal: projects.Principal, environmentId: number): Promise<number> {
    const { result } = await this.projectsClient.call(projects.ProjectsSubjects.getEnvironment, { principal, environmentId });
    return result.project_id;
  }
}
