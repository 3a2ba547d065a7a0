import { Controller } from '@nestjs/common';
import { NotFoundError, textPage, ValidationError, projects } from '@strata/contracts';
import { handleCommand, PostgresEventStore, uuidv7 } from '@strata/eventstore';
import { assertNoAdoptionRunning } from '../adoption/running-adoptions';
import { Handles, type Reply, type Req, S } from '../common/edge';
import { nextProjectEnvironmentId } from '../common/ids';
import { now } from '../common/clock';
import { newEnvironmentToken } from '../common/secrets';
import { authorize } from '../access/access';
import { existingProject, projectDecider, type ProjectCommand } from './project';
import { projectBody } from './bodies';
import { changeProject, projectStreamId } from './project-stream';
import { environmentsOfProjects, findProject, projectsWhere } from './projects.queries';
import { organizationTarget, projectTarget, scopedProjectIds, visibleOrganizationIds } from './visibility';

/** `projects.projects.*`: projects with their default environment (SPEC §4.2). */
@Controller()
export class ProjectsHandlers {
  constructor(private readonly store: PostgresEventStore) {}

  @Handles(S.listProjects)
  async list({ principal, organizationId, page }: Req<'projects.projects.list'>): Reply<'projects.projects.list'> {
    const organizationIds = visibleOrganizationIds(principal).filter((id) => organizationId === undefined || id === organizationId);
    const { count, rows } = await projectsWhere(this.store.db, { organizationIds, projectIds: scopedProjectIds(principal) }, page);
    const environments = await environmentsOfProjects(this.store.db, rows.map((row) => row.projectId));
    const results = rows.map((row) => projectBody(row, environments.filter((e) => e.projectId === row.projectId), principal));
    return textPage(count, results);
  }

  @Handles(S.getProject)
  async get({ principal, projectId }: Req<'projects.projects.get'>): Reply<'projects.projects.get'> {
    const project = await findProject(this.store.db, projectId);
    if (project === null) throw new NotFoundError('Project not found.');
    authorize(principal, projectTarget(project), 'project:read');
    const environments = await environmentsOfProjects(this.store.db, [projectId]);
    return { result: projectBody(project, environments, principal), version: project.version };
  }

  @Handles(S.createProject)
  async create({ principal, name, organizationId }: Req<'projects.projects.create'>): Reply<'projects.projects.create'> {
    const target = organizationId ?? soleOrganizationOf(principal);
    authorize(principal, organizationTarget(target), 'project:create');
    const projectId = await nextProjectEnvironmentId(this.store.db);
    const command: ProjectCommand = {
      type: 'CreateProject',
      data: { projectId, organizationId: target, name, createdAt: now(), defaultEnvironment: { uuid: uuidv7(), apiToken: newEnvironmentToken() } },
    };
    const created = await handleCommand(this.store, projectDecider, projectStreamId(projectId), command, { expectedVersion: 'no_stream' });
    const project = existingProject(created.newState);
    return { result: projectBody(project, project.environments, principal), version: created.nextVersion };
  }

  @Handles(S.updateProject)
  async update({ principal, projectId, name, ifMatch }: Req<'projects.projects.update'>): Reply<'projects.projects.update'> {
    const change = await changeProject(
      this.store,
      projectId,
      (project) => {
        authorize(principal, projectTarget(project), 'project:update');
        return { type: 'RenameProject', data: { name } };
      },
      ifMatch,
    );
    return { result: projectBody(change.project, change.project.environments, principal), version: change.version };
  }

  /** Deletes the project and its environments in one append; their tokens stop resolving with it. */
  @Handles(S.deleteProject)
  async delete({ principal, projectId, ifMatch }: Req<'projects.projects.delete'>): Reply<'projects.projects.delete'> {
    const at = now();
    // Checked once the principal may delete it: to anyone else the project stays as invisible as it is.
    const current = await findProject(this.store.db, projectId);
    if (current !== null) {
      authorize(principal, projectTarget(current), 'project:delete');
      await assertNoAdoptionRunning(this.store.db, { projectId });
    }
    await changeProject(
      this.store,
      projectId,
      (project) => {
        authorize(principal, projectTarget(project), 'project:delete');
        return [
          { type: 'RequestProjectDeletion', data: { requestedAt: at } },
          { type: 'CompleteProjectDeletion', data: { deletedAt: at } },
        ];
      },
      ifMatch,
    );
    return {};
  }
}

/** `organization_id` may be left out only by someone who sees exactly one organization. */
function soleOrganizationOf(principal: projects.Principal): string {
  const organizations = visibleOrganizationIds(principal);
  if (organizations.length === 1) return organizations[0];
  throw new ValidationError('organization_id is required: you belong to several organizations (or none).', 'organization_id', 'required');
}
