import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { projects } from '@strata/contracts';
import { PostgresEventStore } from '@strata/eventstore';
import { validate } from '@strata/service-kit';
import { environmentsOfProjects, findEnvironment, findProject } from './projects.queries';

const S = projects.ProjectsLocateSubjects;

/**
 * Where an environment or project is, for services whose mirror of projects has not heard of it yet (SPEC §3
 * read-your-writes). Internal: no principal, and the answer names ids only.
 */
@Controller()
export class EnvironmentLocatorHandlers {
  constructor(private readonly store: PostgresEventStore) {}

  @MessagePattern(S.locateEnvironment)
  async locateEnvironment(@Payload() payload: unknown): Promise<projects.LocateEnvironmentResponse> {
    const { environmentId } = validate(projects.locateEnvironmentRequestSchema, payload ?? {});
    const environment = await findEnvironment(this.store.db, environmentId);
    if (environment === null) return { environment: null };
    return { environment: { environmentId, projectId: environment.projectId, organizationId: environment.organizationId } };
  }

  @MessagePattern(S.locateProject)
  async locateProject(@Payload() payload: unknown): Promise<projects.LocateProjectResponse> {
    const { projectId } = validate(projects.locateProjectRequestSchema, payload ?? {});
    const project = await findProject(this.store.db, projectId);
    if (project === null) return { project: null };
    const environments = await environmentsOfProjects(this.store.db, [projectId]);
    return {
      project: {
        projectId,
        organizationId: project.organizationId,
        deletionRequested: project.status === 'deletion_pending',
        environmentIds: environments.map((environment) => environment.environmentId),
      },
    };
  }
}
