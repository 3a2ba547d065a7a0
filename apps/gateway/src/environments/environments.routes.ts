import { projects, ValidationError } from '@strata/contracts';
import type { z } from 'zod';
import { EnvironmentDto, EnvironmentGrantDto, EnvironmentGrantPageDto, EnvironmentPageDto } from '../api/dtos';
import type { RouteGroup } from '../routes/controllers';
import { IGNORED, pathId, pathUuid, route } from '../routes/define';
import type { Route } from '../routes/route';

const S = projects.ProjectsSubjects;
const { http } = projects;

/**
 * `/api/projects/…` is the RFC's legacy path for what is now an environment (a "team"): the same rows answer
 * both, so the alias can never drift from the real API.
 */
export const ENVIRONMENT_PATHS = ['api/v2/environments', 'api/projects'];

export const CREATE_UNDER_PROJECT =
  'Environments must be created under a specific project. Send the POST request to /api/v2/projects/<project_id>/environments/ instead.';

/** The HTTP body mixes the environment's own fields with its settings; the message keeps them apart. */
export function environmentChanges(body: z.output<typeof http.updateEnvironment>): projects.EnvironmentChanges {
  const { name, access_control: accessControl, ...settings } = body;
  return { name, accessControl, settings: Object.keys(settings).length > 0 ? settings : undefined };
}

const refusedOutsideProject: Route = {
  name: 'createOutsideProject', method: 'post', path: '/', summary: 'Refused: environments are created under a project',
  params: {}, query: IGNORED, body: IGNORED, status: 200, errors: [400],
  execute: () => Promise.reject(new ValidationError(CREATE_UNDER_PROJECT, null, 'invalid_input')),
};

export const ENVIRONMENT_ROUTES: RouteGroup = {
  name: 'Environments',
  tag: 'environments',
  prefixes: ENVIRONMENT_PATHS,
  routes: [
    route({
      name: 'list', method: 'get', path: '/', summary: 'Environments visible to the key, in every project',
      params: {}, query: http.pageQuery, body: IGNORED, subject: S.listEnvironments,
      request: ({ principal, query }) => ({ principal, page: query }),
      answer: 'page', response: EnvironmentPageDto, errors: [400],
    }),
    refusedOutsideProject,
    route({
      name: 'get', method: 'get', path: ':env_id', summary: 'An environment, with `ETag`',
      params: { env_id: pathId }, query: IGNORED, body: IGNORED, subject: S.getEnvironment,
      request: ({ principal, params }) => ({ principal, environmentId: params.env_id }),
      answer: 'entity', response: EnvironmentDto, errors: [404],
    }),
    route({
      name: 'update', method: 'patch', path: ':env_id', summary: 'Rename, change settings or `access_control` (honours `If-Match`)',
      params: { env_id: pathId }, query: IGNORED, body: http.updateEnvironment, subject: S.updateEnvironment,
      request: ({ principal, params, body, ifMatch }) => ({ principal, environmentId: params.env_id, changes: environmentChanges(body), ifMatch }),
      answer: 'entity', response: EnvironmentDto, errors: [400, 403, 404, 409, 412],
      invalidates: ({ body }) => (body.access_control === undefined ? undefined : { drop: 'all' }),
    }),
    route({
      name: 'remove', method: 'delete', path: ':env_id', summary: 'Delete an environment; the last one of a project is refused (400)',
      params: { env_id: pathId }, query: IGNORED, body: IGNORED, subject: S.deleteEnvironment,
      request: ({ principal, params, ifMatch }) => ({ principal, environmentId: params.env_id, ifMatch }),
      answer: 'none', errors: [400, 403, 404, 409, 412],
      invalidates: () => ({ drop: 'all' }),
    }),
    route({
      name: 'resetToken', method: 'post', path: ':env_id/reset_token', summary: 'A new `phc_…` token; the old one stops resolving',
      params: { env_id: pathId }, query: IGNORED, body: http.noBody, subject: S.resetEnvironmentToken,
      request: ({ principal, params }) => ({ principal, environmentId: params.env_id }),
      answer: 'entity', response: EnvironmentDto, errors: [400, 403, 404],
    }),
    // Explicit grants on a restricted environment (`access_control: true`), admins only.
    route({
      name: 'accessList', method: 'get', path: ':env_id/access/', summary: 'Explicit grants of an environment',
      params: { env_id: pathId }, query: http.pageQuery, body: IGNORED, subject: S.listAccess,
      request: ({ principal, params }) => ({ principal, environmentId: params.env_id }),
      answer: 'whole', response: EnvironmentGrantPageDto, errors: [400, 403, 404],
    }),
    route({
      name: 'accessGrant', method: 'post', path: ':env_id/access/', summary: 'Grant a user access to a restricted environment',
      params: { env_id: pathId }, query: IGNORED, body: http.grantAccess, subject: S.grantAccess,
      request: ({ principal, params, body }) => ({ principal, environmentId: params.env_id, userId: body.user_id, level: body.level }),
      answer: (grant) => grant, status: 201, response: EnvironmentGrantDto, errors: [400, 403, 404, 409],
      invalidates: ({ body }) => ({ drop: 'user', userId: body.user_id }),
    }),
    route({
      name: 'accessRevoke', method: 'delete', path: ':env_id/access/', summary: 'Withdraw a user’s grant (`{user_id}` in the body)',
      params: { env_id: pathId }, query: IGNORED, body: http.revokeAccess, subject: S.revokeAccess,
      request: ({ principal, params, body }) => ({ principal, environmentId: params.env_id, userId: body.user_id }),
      answer: 'none', errors: [400, 403, 404],
      invalidates: ({ body }) => ({ drop: 'user', userId: body.user_id }),
    }),
    route({
      name: 'accessRevokeUser', method: 'delete', path: ':env_id/access/:user_id', summary: 'Withdraw a user’s grant (user in the path)',
      params: { env_id: pathId, user_id: pathUuid }, query: IGNORED, body: IGNORED, subject: S.revokeAccess,
      request: ({ principal, params }) => ({ principal, environmentId: params.env_id, userId: params.user_id }),
      answer: 'none', errors: [403, 404],
      invalidates: ({ params }) => ({ drop: 'user', userId: params.user_id }),
    }),
  ],
};
