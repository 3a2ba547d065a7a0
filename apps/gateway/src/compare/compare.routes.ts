import { entities, NotFoundError, PermissionDeniedError, projects, ValidationError } from '@strata/contracts';
import { ENVIRONMENT_PATHS } from '../environments/environments.routes';
import type { RouteGroup } from '../routes/controllers';
import { IGNORED, pathId, pathUuid, route } from '../routes/define';
import type { ServiceClient } from '../service-client';
import { CompareDto, CopyEntityDto, CopyFlagStatesDto } from './compare-bodies';

const C = entities.EntitiesCopySubjects;
const { copyHttp } = entities;

/**
 * SPEC §11's routes. The gateway decides who may come in: every environment named is looked up with the caller's
 * principal (hidden: 404, as for the entities themselves — an environment-scoped key sees only its scope), where it
 * must be (the path's project; the source's organization, else 404 as if absent), and whether the caller administers
 * the target (403 otherwise). The entities service decides what each environment sees and what is copied.
 */

/** An environment the caller sees (404 otherwise). */
async function environmentSeen(principal: projects.Principal, environmentId: number, client: ServiceClient): Promise<projects.Environment> {
  return (await client.call('projects.environments.get', { principal, environmentId })).result;
}

/** A target of a copy: seen, and administered by the caller (an admin or owner of its organization). */
async function environmentAdministered(principal: projects.Principal, environmentId: number, client: ServiceClient): Promise<projects.Environment> {
  const environment = await environmentSeen(principal, environmentId, client);
  if ((principal.organizationLevels[environment.organization_id] ?? 0) < projects.Levels.admin) {
    throw new PermissionDeniedError('Only admins of the organization may copy into its environments.');
  }
  return environment;
}

function assertInProject(environment: projects.Environment, projectId: number, attr: string): void {
  if (environment.project_id !== projectId) throw new ValidationError(`Environment ${environment.id} is not an environment of project ${projectId}.`, attr, 'invalid_reference');
}

const scopeOf = (environment: projects.Environment): entities.EnvironmentScope => ({ projectId: environment.project_id, environmentId: environment.id });

const words = (kind: entities.EntityKind) => kind.replace(/_/g, ' ');
const pascal = (name: string) => name.replace(/(^|_)([a-z])/g, (_match, _sep: string, letter: string) => letter.toUpperCase());

const projectRows = [
  route({
    name: 'compare', method: 'get', path: ':project_id/compare/',
    summary: 'Two environments of the project flag by flag (each side’s state, the fields that differ) and the entities each has of its own',
    params: { project_id: pathId }, query: copyHttp.compare, body: IGNORED, subject: C.compare,
    request: async ({ principal, params, query }, client) => {
      const [base, head] = await Promise.all([environmentSeen(principal, query.base, client), environmentSeen(principal, query.head, client)]);
      assertInProject(base, params.project_id, 'base');
      assertInProject(head, params.project_id, 'head');
      return { projectId: params.project_id, base: { id: base.id, name: base.name }, head: { id: head.id, name: head.name } };
    },
    answer: (comparison) => comparison, response: CompareDto, errors: [400, 404],
  }),
  route({
    name: 'copyFlagStates', method: 'post', path: ':project_id/copy_flag_states',
    summary: "Make the target's states of the flags (default: all both see) the source's, atomically (`dry_run`: only the changes); 409 `cohort_not_visible` unless `copy_cohorts`",
    params: { project_id: pathId }, query: IGNORED, body: copyHttp.copyFlagStates, subject: C.copyFlagStates,
    request: async ({ principal, params, body }, client) => {
      const [from, to] = await Promise.all([environmentSeen(principal, body.from_environment_id, client), environmentAdministered(principal, body.to_environment_id, client)]);
      assertInProject(from, params.project_id, 'from_environment_id');
      assertInProject(to, params.project_id, 'to_environment_id');
      if (from.id === to.id) throw new ValidationError('The source and the target must be two environments.', 'to_environment_id');
      return {
        projectId: params.project_id, fromEnvironmentId: from.id, toEnvironmentId: to.id, flagIds: body.flag_ids,
        includeIdentityOverrides: body.include_identity_overrides, copyCohorts: body.copy_cohorts, dryRun: body.dry_run,
      };
    },
    answer: (copy) => copy, response: CopyFlagStatesDto, errors: [400, 403, 404, 409],
  }),
];

/** `POST …/KIND/:id/copy`: an entity and what it references, into another environment of the organization. */
function copyRow(kind: entities.EntityKind) {
  return route({
    name: 'copy', method: 'post', path: `${entities.COLLECTIONS[kind]}/:id/copy`,
    summary: `Copy a ${words(kind)} and what it references into another environment of this or another project, as its own, in one step (\`dependencies\`: copy or link by name; \`dry_run\`)`,
    params: { env_id: pathId, id: pathUuid }, query: IGNORED, body: copyHttp.copyEntity, subject: C.copyEntity,
    request: async ({ principal, params, body }, client) => {
      const [from, to] = await Promise.all([environmentSeen(principal, params.env_id, client), environmentAdministered(principal, body.to_environment_id, client)]);
      // Another organization's environment is absent for this copy, whatever the caller's rights there.
      if (to.organization_id !== from.organization_id) throw new NotFoundError();
      return { from: scopeOf(from), to: scopeOf(to), kind, id: params.id, dependencies: body.dependencies, dryRun: body.dry_run };
    },
    answer: (report) => report, response: CopyEntityDto, errors: [400, 403, 404, 409],
  });
}

export const COMPARE_ROUTES: RouteGroup[] = [
  { name: 'CompareAndCopy', tag: 'compare and copy', prefixes: ['api/v2/projects'], routes: projectRows },
  ...entities.ENTITY_KINDS.map((kind) => ({
    name: `${pascal(entities.COLLECTIONS[kind])}Copy`,
    tag: entities.COLLECTIONS[kind],
    prefixes: ENVIRONMENT_PATHS.map((path) => `${path}/:env_id`),
    routes: [copyRow(kind)],
  })),
];
