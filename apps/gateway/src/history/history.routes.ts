import type { z } from 'zod';
import { activityQuery, type ActivityRecord, type CursorPage, entities, projects, taxonomy } from '@strata/contracts';
import { environmentScope, visibleProject } from '../entities/entities.routes';
import { cursorOfUrl, mergePages, splitCursor } from './activity-merge';
import { ENVIRONMENT_PATHS } from '../environments/environments.routes';
import type { RouteGroup } from '../routes/controllers';
import { IGNORED, pathId, pathUuid, route } from '../routes/define';
import type { AnswerContext, Route } from '../routes/route';
import type { ServiceClient } from '../service-client';
import { kindDtos, FlagStateDto } from '../api/entity-bodies';
import { ActorEmails } from '@strata/service-kit';
import { withCursor } from '../http/pagination';
import { ActivityPageDto, FlagStateRestoreDto, restoreDtos, VersionPageDto } from './history-bodies';

const H = entities.EntitiesHistorySubjects;
const P = projects.ProjectsHistorySubjects;
const T = taxonomy.TaxonomyHistorySubjects;
type EntityKind = entities.EntityKind;

/**
 * SPEC §10's routes: activity of an environment and of a project, an entity's or a flag state's versions, one version
 * as it was, and a restore. Visibility is the entities' own: the projects service answers whether the caller sees the
 * environment or project (404 when not), the entities service whether that environment sees the entity.
 */

/** Who acted, remembered by this gateway for the activity pages it merges (the entities service names versions' own). */
const actorEmails = new ActorEmails();

/** `{results, next}` with each actor named (at most one lookup per page) and `next` the URL of the page after. */
async function namedPage(page: CursorPage<Omit<ActivityRecord, 'position'>>, { url, client }: Pick<AnswerContext, 'url' | 'client'>) {
  const actorOf = await actorEmails.named(page.results.map((entry) => entry.actor), (userIds) => client.call('projects.actors.resolve', { userIds }));
  const results = page.results.map((entry) => ({ ...entry, actor: actorOf(entry.actor) }));
  return { results, next: page.cursor === null ? null : withCursor(url, page.cursor) };
}

const words = (kind: EntityKind) => kind.replace(/_/g, ' ');
const camel = (name: string) => name.replace(/_([a-z])/g, (_match, letter: string) => letter.toUpperCase());

function entityHistoryRows(kind: EntityKind): Route[] {
  const collection = entities.COLLECTIONS[kind];
  const name = camel(collection);
  const one = { env_id: pathId, id: pathUuid };
  return [
    route({
      name: `${name}History`, method: 'get', path: `${collection}/:id/history/`, summary: `A ${words(kind)}'s versions, newest first`,
      params: one, query: entities.historyQuery, body: IGNORED, subject: H.entityHistory,
      request: async ({ principal, params, query }, client) => ({ in: await environmentScope(principal, params.env_id, client), kind, id: params.id, ...query }),
      answer: 'cursor', response: VersionPageDto, errors: [400, 404],
    }),
    route({
      name: `${name}Version`, method: 'get', path: `${collection}/:id/history/:version`, summary: `A ${words(kind)} as it was at one version`,
      params: { ...one, version: pathId }, query: IGNORED, body: IGNORED, subject: H.entityVersion,
      request: async ({ principal, params }, client) => ({ in: await environmentScope(principal, params.env_id, client), kind, id: params.id, version: params.version }),
      answer: 'entity', response: kindDtos[kind].entity, errors: [404],
    }),
    route({
      name: `${name}Restore`, method: 'post', path: `${collection}/:id/restore`,
      summary: `Make a ${words(kind)}'s fields those of a version again, as a new change (\`restored\`); honours \`If-Match\`; \`dry_run\`: only the changes`,
      params: one, query: IGNORED, body: entities.restoreBody, subject: H.restoreEntity, preconditioned: true,
      request: async ({ principal, params, body, ifMatch }, client) => ({
        in: await environmentScope(principal, params.env_id, client), kind, id: params.id, version: body.version, dryRun: body.dry_run, ifMatch,
      }),
      answer: ({ result, changes }) => ({ result, changes }), response: restoreDtos[kind], errors: [400, 404, 409, 412],
    }),
  ];
}

const flagStateHistoryRows: Route[] = [
  route({
    name: 'flagStateHistory', method: 'get', path: 'feature_flags/:id/state/history/', summary: "The versions of this environment's state of the flag",
    params: { env_id: pathId, id: pathUuid }, query: entities.historyQuery, body: IGNORED, subject: H.flagStateHistory,
    request: async ({ principal, params, query }, client) => ({ in: await environmentScope(principal, params.env_id, client), flagId: params.id, ...query }),
    answer: 'cursor', response: VersionPageDto, errors: [400, 404],
  }),
  route({
    name: 'flagStateVersion', method: 'get', path: 'feature_flags/:id/state/history/:version', summary: "This environment's state of the flag at one version (its own rollout groups)",
    params: { env_id: pathId, id: pathUuid, version: pathId }, query: IGNORED, body: IGNORED, subject: H.flagStateVersion,
    request: async ({ principal, params }, client) => ({ in: await environmentScope(principal, params.env_id, client), flagId: params.id, version: params.version }),
    answer: 'entity', response: FlagStateDto, errors: [404],
  }),
  route({
    name: 'flagStateRestore', method: 'post', path: 'feature_flags/:id/state/restore',
    summary: "Make this environment's state of the flag that of a version again (the project's rollout groups stay); `dry_run`: only the changes",
    params: { env_id: pathId, id: pathUuid }, query: IGNORED, body: entities.restoreBody, subject: H.restoreFlagState, preconditioned: true,
    request: async ({ principal, params, body, ifMatch }, client) => ({
      in: await environmentScope(principal, params.env_id, client), flagId: params.id, version: body.version, dryRun: body.dry_run, ifMatch,
    }),
    answer: ({ result, changes }) => ({ result, changes }), response: FlagStateRestoreDto, errors: [400, 404, 409, 412],
  }),
];

function filterOf(query: { kind?: string; entity_id?: string; actor?: string; before?: string }): entities.ActivityFilter {
  return { kind: query.kind, entityId: query.entity_id, actor: query.actor, before: query.before };
}

type LogPages = Promise<[CursorPage<ActivityRecord>, CursorPage<ActivityRecord>]>;

/**
 * The entities and taxonomy services' parts of a page, asked for as soon as the request is known — while the projects
 * service (the route's subject) reads its own — and awaited by the answer, which merges the three. Taxonomy is the
 * project's, so an environment's activity has it as it has the project's changes.
 */
const otherLogs = new WeakMap<projects.ProjectsActivityRequest, LogPages>();

/** The projects service's message for a page (what the caller sees, resolved from the path, and the query); the other logs asked. */
function activityRequest(
  seen: { projectId: number; environmentId?: number; environmentIds: number[] },
  query: ActivityQuery,
  client: ServiceClient,
): projects.ProjectsActivityRequest {
  const { projectId, environmentId, environmentIds } = seen;
  const from = splitCursor(query.cursor);
  const filter = filterOf(query);
  const sent = { projectId, environmentIds, filter, cursor: from.projects, limit: query.limit };
  const pages: LogPages = Promise.all([
    client.call(H.activity, { projectId, environmentId, filter, cursor: from.entities, limit: query.limit }),
    client.call(T.activity, { projectId, filter, cursor: from.taxonomy, limit: query.limit }),
  ]);
  pages.catch(() => undefined); // awaited by the answer; when the projects service refuses first, nobody awaits it
  otherLogs.set(sent, pages);
  return sent;
}

/**
 * Where each environment was last seen: its project, as the projects service last answered for a caller who sees it.
 * A guess until checked — an environment moves when another project adopts it — so it only lets the logs be read while
 * the check runs; nothing read under it is answered unless the check agrees. Bounded: the oldest are forgotten first.
 */
const MAX_REMEMBERED_ENVIRONMENTS = 10_000;
const projectOfEnvironment = new Map<number, number>();

function rememberScope({ projectId, environmentId }: { projectId: number; environmentId: number }): void {
  projectOfEnvironment.delete(environmentId);
  projectOfEnvironment.set(environmentId, projectId);
  if (projectOfEnvironment.size > MAX_REMEMBERED_ENVIRONMENTS) projectOfEnvironment.delete(projectOfEnvironment.keys().next().value ?? environmentId);
}

/** A page read under a guessed project: the caller's scope as the projects service will answer it, and the query to read again. */
const unchecked = new WeakMap<projects.ProjectsActivityRequest, { scope: Promise<{ projectId: number; environmentId: number }>; query: ActivityQuery }>();

/**
 * An environment's activity. The caller's scope (may they see the environment, and in which project is it?) is one
 * round trip to the projects service before the logs can be asked; when this gateway has seen the environment before,
 * the logs are read under the project it was in while that check runs. The answer waits for the check: where the caller
 * may not see the environment it is 404 as before, and where the environment is in another project now, what was read
 * is dropped and the logs are read again under the project the check answered.
 */
async function environmentActivityRequest(
  { principal, params, query }: { principal: projects.Principal; params: { env_id: number }; query: ActivityQuery },
  client: ServiceClient,
): Promise<projects.ProjectsActivityRequest> {
  const environmentId = params.env_id;
  const scope = environmentScope(principal, environmentId, client).then((checked) => (rememberScope(checked), checked));
  const guess = projectOfEnvironment.get(environmentId);
  if (guess === undefined) {
    const checked = await scope;
    return activityRequest({ projectId: checked.projectId, environmentId, environmentIds: [environmentId] }, query, client);
  }
  scope.catch(() => undefined); // awaited by the answer; when a log refuses first, nobody awaits it
  const sent = activityRequest({ projectId: guess, environmentId, environmentIds: [environmentId] }, query, client);
  unchecked.set(sent, { scope, query });
  return sent;
}

async function activityAnswer(projectsPage: CursorPage<ActivityRecord>, context: AnswerContext<projects.ProjectsActivityRequest>): Promise<unknown> {
  const guessed = unchecked.get(context.request);
  if (guessed !== undefined) {
    const checked = await guessed.scope;
    if (checked.projectId !== context.request.projectId) {
      const { environmentId } = checked;
      const sent = activityRequest({ projectId: checked.projectId, environmentId, environmentIds: [environmentId] }, guessed.query, context.client);
      return activityAnswer(await context.client.call(P.activity, sent), { ...context, request: sent });
    }
  }
  const pages = otherLogs.get(context.request);
  if (pages === undefined) throw new Error('The activity page was not asked for by its request.');
  const [entitiesPage, taxonomyPage] = await pages;
  const from = splitCursor(cursorOfUrl(context.url));
  return namedPage(mergePages({ entities: entitiesPage, projects: projectsPage, taxonomy: taxonomyPage }, context.request.limit, from), context);
}

type ActivityQuery = z.output<typeof activityQuery>;

const environmentActivity = route({
  name: 'activity', method: 'get', path: 'activity/',
  summary: "The environment's change log, newest first: its own entities, flag states, overrides, settings, keys and access, and the project-wide changes it sees (taxonomy among them)",
  params: { env_id: pathId }, query: activityQuery, body: IGNORED, subject: P.activity,
  request: environmentActivityRequest,
  answer: activityAnswer, response: ActivityPageDto, errors: [400, 404],
});

const projectActivity = route({
  name: 'projectActivity', method: 'get', path: 'activity/',
  summary: "The project's own change log: the project, its environments as the caller sees them, project-wide entities, tags, imports, event and property definitions, group types",
  params: { project_id: pathId }, query: activityQuery, body: IGNORED, subject: P.activity,
  request: async ({ principal, params, query }, client) => {
    const project = await visibleProject(principal, params.project_id, client);
    return activityRequest({ projectId: project.id, environmentIds: project.environmentIds }, query, client);
  },
  answer: activityAnswer, response: ActivityPageDto, errors: [400, 404],
});

export const HISTORY_ROUTES: RouteGroup[] = [
  {
    name: 'History',
    tag: 'history',
    prefixes: ENVIRONMENT_PATHS.map((path) => `${path}/:env_id`),
    routes: [environmentActivity, ...entities.ENTITY_KINDS.flatMap(entityHistoryRows), ...flagStateHistoryRows],
  },
  { name: 'ProjectHistory', tag: 'history', prefixes: ['api/v2/projects/:project_id'], routes: [projectActivity] },
];
