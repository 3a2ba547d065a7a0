import { projects } from '@strata/contracts';
import { ServerKeyPageDto, ServerKeyWithSecretDto } from '../api/dtos';
import type { RouteGroup } from '../routes/controllers';
import { IGNORED, pathId, pathUuid, route } from '../routes/define';
import { ENVIRONMENT_PATHS } from './environments.routes';

const S = projects.ProjectsSubjects;
const { http } = projects;

/** Server-side SDK keys of an environment (SPEC §4.5), admins only; on the legacy `/api/projects/…` path too. */
export const SERVER_KEY_ROUTES: RouteGroup = {
  name: 'ServerKeys',
  tag: 'server keys',
  prefixes: ENVIRONMENT_PATHS,
  routes: [
    route({
      name: 'list', method: 'get', path: ':env_id/server_keys/', summary: 'Server-side SDK keys of an environment, without their secrets',
      params: { env_id: pathId }, query: http.pageQuery, body: IGNORED, subject: S.listServerKeys,
      request: ({ principal, params }) => ({ principal, environmentId: params.env_id }),
      answer: 'whole', response: ServerKeyPageDto, errors: [400, 403, 404],
    }),
    route({
      name: 'create', method: 'post', path: ':env_id/server_keys/', summary: 'A new server-side SDK key (`ser.…`), shown this once',
      params: { env_id: pathId }, query: IGNORED, body: http.createServerKey, subject: S.createServerKey,
      request: ({ principal, params, body }) => ({ principal, environmentId: params.env_id, name: body.name }),
      answer: (key) => key, status: 201, response: ServerKeyWithSecretDto, errors: [400, 403, 404],
    }),
    route({
      name: 'revoke', method: 'delete', path: ':env_id/server_keys/:id', summary: 'Revoke a server key: SDKs using it get 401 from then on',
      params: { env_id: pathId, id: pathUuid }, query: IGNORED, body: IGNORED, subject: S.revokeServerKey,
      request: ({ principal, params }) => ({ principal, environmentId: params.env_id, keyId: params.id }),
      answer: 'none', errors: [403, 404],
    }),
  ],
};
