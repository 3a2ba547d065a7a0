import { entities, NotFoundError, projects } from '@strata/contracts';
import type { z } from 'zod';
import { DependentPageDto, FlagStateDto, IdentityOverrideDto, IdentityOverridePageDto, kindDtos, TagDto, TagPageDto } from '../api/entity-bodies';
import { ENVIRONMENT_PATHS } from '../environments/environments.routes';
import type { RouteGroup } from '../routes/controllers';
import { IGNORED, pathId, pathUuid, route } from '../routes/define';
import type { Route } from '../routes/route';
import type { ServiceClient } from '../service-client';

const E = entities.EntitiesSubjects;
const { http } = entities;
type EntityKind = entities.EntityKind;
type Scope = entities.EnvironmentScope;

/**
 * SPEC §4.4's routes, generated from the table of kinds: every kind gets the same rows, under the environment (and its
 * legacy alias) and under the project. The gateway decides only who may come in — the projects service answers
 * whether the caller sees the environment or project (404 when not) — and the entities service decides what that
 * environment sees. Whoever sees an environment may change its entities (members too, as in PostHog).
 */

/** The environment of the path, if the caller sees it, and its project: what the entities service scopes by. */
export async function environmentScope(principal: projects.Principal, environmentId: number, client: ServiceClient): Promise<Scope> {
  const { result } = await client.call('projects.environments.get', { principal, environmentId });
  return { projectId: result.project_id, environmentId: result.id };
}

/**
 * The project of the path, if the caller sees one of its environments: project-wide entities are what its environments
 * see, so a key scoped to an environment reads them too, and a member whose every environment there is restricted
 * without a grant reads nothing (404).
 */
async function projectScope(principal: projects.Principal, projectId: number, client: ServiceClient): Promise<number> {
  return (await visibleProject(principal, projectId, client)).id;
}

/** The project and the environments of it the caller sees (at least one, else 404). */
export async function visibleProject(principal: projects.Principal, projectId: number, client: ServiceClient): Promise<{ id: number; environmentIds: number[] }> {
  const { result } = await client.call('projects.projects.get', { principal, projectId });
  if (result.environments.length === 0) throw new NotFoundError();
  return { id: result.id, environmentIds: result.environments.map((environment) => environment.id) };
}

type EntityBody = Record<string, unknown> & { tags?: string[]; is_project_wide?: boolean };

/** The HTTP body's kind fields apart from `tags` and `is_project_wide`, as the message carries them. */
function fieldsOf(body: EntityBody) {
  const { tags, is_project_wide: isProjectWide, ...fields } = body;
  return { fields: fields as entities.KindFields, tags, isProjectWide };
}

const words = (kind: EntityKind) => kind.replace(/_/g, ' ');
const pascal = (name: string) => name.replace(/(^|_)([a-z])/g, (_match, _sep: string, letter: string) => letter.toUpperCase());
const camel = (name: string) => name.replace(/_([a-z])/g, (_match, letter: string) => letter.toUpperCase());

/** The rows of one kind under an environment: list, create, get, update, delete, promote, demote, dependents. */
function environmentRows(kind: EntityKind): Route[] {
  const collection = entities.COLLECTIONS[kind];
  const dtos = kindDtos[kind];
  const createBody: z.ZodType<EntityBody> = http.createEntity[kind];
  const updateBody: z.ZodType<EntityBody> = http.updateEntity[kind];
  const env = { env_id: pathId };
  const one = { env_id: pathId, id: pathUuid };
  // Flags take `?stale=<days>` too; other kinds refuse it as an unknown field.
  const listQuery: z.ZodType<z.output<typeof http.listFeatureFlags>> = kind === 'feature_flag' ? http.listFeatureFlags : http.listEntities;
  return [
    route({
      name: 'list', method: 'get', path: `${collection}/`,
      summary: `The environment's own ${words(kind)}s and the project's project-wide ones (\`scope\`), never a sibling environment's`,
      params: env, query: listQuery, body: IGNORED, subject: E.list,
      request: async ({ principal, params, query: { scope, search, stale, ...page } }, client) => ({
        in: await environmentScope(principal, params.env_id, client), kind, scope, search, stale: stale === undefined ? undefined : { days: stale }, page,
      }),
      answer: 'page', response: dtos.page, errors: [400, 404],
    }),
    route({
      name: 'create', method: 'post', path: `${collection}/`,
      summary: `A new ${words(kind)}: environment-specific unless \`is_project_wide\`, which promotes what it references too`,
      params: env, query: IGNORED, body: createBody, subject: E.create,
      request: async ({ principal, params, body }, client) => ({ in: await environmentScope(principal, params.env_id, client), kind, ...fieldsOf(body) }),
      answer: 'entity', status: 201, response: dtos.entity, errors: [400, 404, 409],
    }),
    route({
      name: 'get', method: 'get', path: `${collection}/:id`, summary: `A ${words(kind)} this environment sees, with \`ETag\``,
      params: one, query: IGNORED, body: IGNORED, subject: E.get,
      request: async ({ principal, params }, client) => ({ in: await environmentScope(principal, params.env_id, client), kind, id: params.id }),
      answer: 'entity', response: dtos.entity, errors: [404],
    }),
    route({
      name: 'update', method: 'patch', path: `${collection}/:id`,
      summary: `Change a ${words(kind)} (honours \`If-Match\`); a project-wide one that comes to reference this environment's own promotes them`,
      params: one, query: IGNORED, body: updateBody, subject: E.update,
      request: async ({ principal, params, body, ifMatch }, client) => {
        const { fields, tags, isProjectWide } = fieldsOf(body);
        return { in: await environmentScope(principal, params.env_id, client), kind, id: params.id, changes: fields, tags, isProjectWide, ifMatch };
      },
      answer: 'entity', response: dtos.entity, errors: [400, 404, 409, 412],
    }),
    route({
      name: 'remove', method: 'delete', path: `${collection}/:id`, summary: `Delete a ${words(kind)}; refused (409 \`in_use\`) while anything depends on it`,
      params: one, query: IGNORED, body: IGNORED, subject: E.delete,
      request: async ({ principal, params, ifMatch }, client) => ({ in: await environmentScope(principal, params.env_id, client), kind, id: params.id, ifMatch }),
      answer: 'none', errors: [404, 409, 412],
    }),
    route({
      name: 'makeProjectWide', method: 'post', path: `${collection}/:id/make_project_wide`,
      summary: `Make a ${words(kind)} and everything it depends on, transitively, project-wide in one step (\`dry_run\`: only say what)`,
      params: one, query: IGNORED, body: http.makeProjectWide, subject: E.makeProjectWide,
      request: async ({ principal, params, body }, client) => ({
        in: await environmentScope(principal, params.env_id, client), kind, id: params.id, dryRun: body.dry_run,
      }),
      answer: ({ result, promoted }) => ({ result, promoted }), response: dtos.promotion, errors: [400, 404, 409],
    }),
    route({
      name: 'makeEnvironmentSpecific', method: 'post', path: `${collection}/:id/make_environment_specific`,
      summary: `Make a project-wide ${words(kind)} this environment's own; refused (409 \`in_use\`, \`dependents\`) while others depend on it`,
      params: one, query: IGNORED, body: http.noBody, subject: E.makeEnvironmentSpecific,
      request: async ({ principal, params }, client) => ({ in: await environmentScope(principal, params.env_id, client), kind, id: params.id }),
      answer: ({ result }) => ({ result }), response: dtos.demotion, errors: [400, 404, 409],
    }),
    route({
      name: 'dependents', method: 'get', path: `${collection}/:id/dependents/`,
      summary: `What this environment sees that depends on a ${words(kind)}: entities whose body references it, flags whose rollout groups here or project-wide use it`,
      params: one, query: projects.http.pageQuery, body: IGNORED, subject: E.dependents,
      request: async ({ principal, params }, client) => ({ in: await environmentScope(principal, params.env_id, client), kind, id: params.id }),
      answer: 'whole', response: DependentPageDto, errors: [400, 404],
    }),
  ];
}

/** A flag's state and identity overrides in one environment (the definition is the flag's rows above). */
const flagStateRows: Route[] = [
  route({
    name: 'state', method: 'get', path: 'feature_flags/:id/state', summary: "This environment's state of the flag, with `ETag`",
    params: { env_id: pathId, id: pathUuid }, query: IGNORED, body: IGNORED, subject: E.getFlagState,
    request: async ({ principal, params }, client) => ({ in: await environmentScope(principal, params.env_id, client), flagId: params.id }),
    answer: 'entity', response: FlagStateDto, errors: [404],
  }),
  route({
    name: 'updateState', method: 'patch', path: 'feature_flags/:id/state',
    summary: "Change this environment's state of the flag; `segment_overrides` replaces the list, a project-scoped group for every environment",
    params: { env_id: pathId, id: pathUuid }, query: IGNORED, body: http.updateFlagState, subject: E.updateFlagState,
    request: async ({ principal, params, body, ifMatch }, client) => ({
      in: await environmentScope(principal, params.env_id, client), flagId: params.id, changes: body, ifMatch,
    }),
    answer: 'entity', response: FlagStateDto, errors: [400, 404, 409, 412],
  }),
  route({
    name: 'identityOverrides', method: 'get', path: 'feature_flags/:id/identity_overrides/', summary: "The flag's identity overrides in this environment",
    params: { env_id: pathId, id: pathUuid }, query: projects.http.pageQuery, body: IGNORED, subject: E.listIdentityOverrides,
    request: async ({ principal, params, query }, client) => ({ in: await environmentScope(principal, params.env_id, client), flagId: params.id, page: query }),
    answer: 'page', response: IdentityOverridePageDto, errors: [400, 404],
  }),
  route({
    name: 'setIdentityOverride', method: 'post', path: 'feature_flags/:id/identity_overrides/', summary: 'Set (or replace) the override of one identity',
    params: { env_id: pathId, id: pathUuid }, query: IGNORED, body: http.setIdentityOverride, subject: E.setIdentityOverride,
    request: async ({ principal, params, body }, client) => ({
      in: await environmentScope(principal, params.env_id, client), flagId: params.id,
      identifier: body.identifier, enabled: body.enabled, featureStateValue: body.feature_state_value,
    }),
    answer: (override) => override, status: 201, response: IdentityOverrideDto, errors: [400, 404],
  }),
  route({
    name: 'removeIdentityOverride', method: 'delete', path: 'feature_flags/:id/identity_overrides/',
    summary: 'Remove the override of the identity named by `?identifier=`',
    params: { env_id: pathId, id: pathUuid }, query: http.removeIdentityOverride, body: IGNORED, subject: E.removeIdentityOverride,
    request: async ({ principal, params, query }, client) => ({
      in: await environmentScope(principal, params.env_id, client), flagId: params.id, identifier: query.identifier,
    }),
    answer: 'none', errors: [400, 404],
  }),
];

const environmentGroups: RouteGroup[] = entities.ENTITY_KINDS.map((kind) => ({
  name: pascal(entities.COLLECTIONS[kind]),
  tag: entities.COLLECTIONS[kind],
  prefixes: ENVIRONMENT_PATHS.map((path) => `${path}/:env_id`),
  routes: [...environmentRows(kind), ...(kind === 'feature_flag' ? flagStateRows : [])],
}));

/** `GET /api/v2/projects/:project_id/KIND/`: the project-wide entities only. */
function projectWideRow(kind: EntityKind): Route {
  const collection = entities.COLLECTIONS[kind];
  return route({
    name: camel(collection), method: 'get', path: `${collection}/`, summary: `The project's project-wide ${words(kind)}s`,
    params: { project_id: pathId }, query: http.listProjectWide, body: IGNORED, subject: E.listProjectWide,
    request: async ({ principal, params, query: { search, ...page } }, client) => ({
      projectId: await projectScope(principal, params.project_id, client), kind, search, page,
    }),
    answer: 'page', response: kindDtos[kind].page, errors: [400, 404],
  });
}

/** Tags are the project's (SPEC §4.4); entities carry them by label. */
const tagRows: Route[] = [
  route({
    name: 'tags', method: 'get', path: 'tags/', summary: "The project's tags",
    params: { project_id: pathId }, query: projects.http.pageQuery, body: IGNORED, subject: E.listTags,
    request: async ({ principal, params, query }, client) => ({ projectId: await projectScope(principal, params.project_id, client), page: query }),
    answer: 'page', response: TagPageDto, errors: [400, 404],
  }),
  route({
    name: 'createTag', method: 'post', path: 'tags/', summary: 'A new tag',
    params: { project_id: pathId }, query: IGNORED, body: http.createTag, subject: E.createTag,
    request: async ({ principal, params, body }, client) => ({
      projectId: await projectScope(principal, params.project_id, client),
      label: body.label, color: body.color, description: body.description, isPermanent: body.is_permanent,
    }),
    answer: 'entity', status: 201, response: TagDto, errors: [400, 404, 409],
  }),
  route({
    name: 'updateTag', method: 'patch', path: 'tags/:id', summary: 'Change a tag (honours `If-Match`)',
    params: { project_id: pathId, id: pathUuid }, query: IGNORED, body: http.updateTag, subject: E.updateTag,
    request: async ({ principal, params, body, ifMatch }, client) => ({
      projectId: await projectScope(principal, params.project_id, client), tagId: params.id,
      label: body.label, color: body.color, description: body.description, isPermanent: body.is_permanent, ifMatch,
    }),
    answer: 'entity', response: TagDto, errors: [400, 404, 409, 412],
  }),
  route({
    name: 'removeTag', method: 'delete', path: 'tags/:id', summary: 'Delete a tag',
    params: { project_id: pathId, id: pathUuid }, query: IGNORED, body: IGNORED, subject: E.deleteTag,
    request: async ({ principal, params, ifMatch }, client) => ({ projectId: await projectScope(principal, params.project_id, client), tagId: params.id, ifMatch }),
    answer: 'none', errors: [404, 409, 412],
  }),
];

export const ENTITY_ROUTES: RouteGroup[] = [
  ...environmentGroups,
  { name: 'ProjectEntities', tag: 'entities', prefixes: ['api/v2/projects/:project_id'], routes: [...entities.ENTITY_KINDS.map(projectWideRow), ...tagRows] },
];
