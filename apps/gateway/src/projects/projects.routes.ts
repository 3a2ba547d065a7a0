import { projects } from '@strata/contracts';
import { AdoptionReportDto, EnvironmentDto, EnvironmentPageDto, ProjectDto, ProjectPageDto } from '../api/dtos';
import type { RouteGroup } from '../routes/controllers';
import { IGNORED, pathId, route } from '../routes/define';
import { environmentChanges } from '../environments/environments.routes';

const S = projects.ProjectsSubjects;
const { http } = projects;

/** Projects and the environments created under them (SPEC §4.2). */
export const PROJECT_ROUTES: RouteGroup = {
  name: 'Projects',
  tag: 'projects',
  prefixes: ['api/v2/projects'],
  routes: [
    route({
      name: 'list', method: 'get', path: '/', summary: 'Projects visible to the key',
      params: {}, query: http.listProjects, body: IGNORED, subject: S.listProjects,
      request: ({ principal, query }) => ({ principal, organizationId: query.organization_id, page: { limit: query.limit, offset: query.offset } }),
      answer: 'page', response: ProjectPageDto, errors: [400],
    }),
    route({
      name: 'create', method: 'post', path: '/', summary: 'A new project with its default environment (same id)',
      params: {}, query: IGNORED, body: http.createProject, subject: S.createProject,
      request: ({ principal, body }) => ({ principal, name: body.name, organizationId: body.organization_id }),
      answer: 'entity', status: 201, response: ProjectDto, errors: [400, 403, 404],
    }),
    route({
      name: 'get', method: 'get', path: ':project_id', summary: 'A project, with `ETag`',
      params: { project_id: pathId }, query: IGNORED, body: IGNORED, subject: S.getProject,
      request: ({ principal, params }) => ({ principal, projectId: params.project_id }),
      answer: 'entity', response: ProjectDto, errors: [404],
    }),
    route({
      name: 'update', method: 'patch', path: ':project_id', summary: 'Rename a project (honours `If-Match`)',
      params: { project_id: pathId }, query: IGNORED, body: http.updateProject, subject: S.updateProject,
      request: ({ principal, params, body, ifMatch }) => ({ principal, projectId: params.project_id, name: body.name, ifMatch }),
      answer: 'entity', response: ProjectDto, errors: [400, 403, 404, 409, 412],
    }),
    route({
      name: 'remove', method: 'delete', path: ':project_id', summary: 'Delete a project and its environments (400 while a deletion is pending)',
      params: { project_id: pathId }, query: IGNORED, body: IGNORED, subject: S.deleteProject,
      request: ({ principal, params, ifMatch }) => ({ principal, projectId: params.project_id, ifMatch }),
      answer: 'none', errors: [400, 403, 404, 409, 412],
      // Keys scoped to its environments resolve differently now.
      invalidates: () => ({ drop: 'all' }),
    }),
    route({
      name: 'environments', method: 'get', path: ':project_id/environments/', summary: 'The project’s environments visible to the key',
      params: { project_id: pathId }, query: http.pageQuery, body: IGNORED, subject: S.listEnvironments,
      request: ({ principal, params, query }) => ({ principal, projectId: params.project_id, page: query }),
      answer: 'page', response: EnvironmentPageDto, errors: [400, 404],
    }),
    route({
      name: 'createEnvironment', method: 'post', path: ':project_id/environments/',
      summary: 'A new environment with a fresh `api_token`; names are unique per project, case-insensitively',
      params: { project_id: pathId }, query: IGNORED, body: http.createEnvironment, subject: S.createEnvironment,
      request: ({ principal, params, body }) => ({ principal, projectId: params.project_id, environment: { ...environmentChanges(body), name: body.name } }),
      answer: 'entity', status: 201, response: EnvironmentDto, errors: [400, 403, 404, 409],
    }),
    route({
      name: 'adoptEnvironment', method: 'post', path: ':project_id/adopt_environment',
      summary: 'Move an environment of another project here (SPEC §7): the report (`dry_run`), the move, or 409 with the report',
      params: { project_id: pathId }, query: IGNORED, body: http.adoptEnvironment, subject: S.adoptEnvironment,
      request: ({ principal, params, body }) => ({
        principal, targetProjectId: params.project_id, environmentId: body.environment_id,
        acceptGroupTypeDisruption: body.accept_group_type_disruption, dryRun: body.dry_run,
      }),
      answer: (report) => report, response: AdoptionReportDto, errors: [400, 403, 404, 409],
      // Keys scoped to the environment now resolve to another project.
      invalidates: ({ body }) => (body.dry_run ? undefined : { drop: 'all' }),
    }),
  ],
};
