import { projects } from '@strata/contracts';
import { AddedMemberDto, CurrentUserDto, MemberDto, MemberPageDto, OrganizationDto, PersonalApiKeyPageDto, PersonalApiKeyWithSecretDto } from '../api/dtos';
import type { RouteGroup } from '../routes/controllers';
import { IGNORED, pathUuid, route } from '../routes/define';

const S = projects.ProjectsSubjects;
const { http } = projects;

export const ACCOUNT_ROUTES: RouteGroup[] = [
  {
    name: 'Accounts',
    tag: 'accounts',
    prefixes: ['api'],
    routes: [
      route({
        name: 'me', method: 'get', path: 'users/@me', summary: 'The key’s user and their organizations with levels',
        params: {}, query: IGNORED, body: IGNORED, subject: S.currentUser,
        request: ({ principal }) => ({ principal }), answer: (user) => user, response: CurrentUserDto, errors: [],
      }),
      route({
        name: 'organization', method: 'get', path: 'organizations/:org_id', summary: 'An organization the key’s user belongs to',
        params: { org_id: pathUuid }, query: IGNORED, body: IGNORED, subject: S.getOrganization,
        request: ({ principal, params }) => ({ principal, organizationId: params.org_id }),
        answer: (organization) => organization, response: OrganizationDto, errors: [404],
      }),
    ],
  },
  {
    // SPEC §4.1: a change of level or membership drops the user's cached keys.
    name: 'Members',
    tag: 'organizations',
    prefixes: ['api/organizations/:org_id/members'],
    routes: [
      route({
        name: 'list', method: 'get', path: '/', summary: 'Members with levels',
        params: { org_id: pathUuid }, query: http.pageQuery, body: IGNORED, subject: S.listMembers,
        request: ({ principal, params, query }) => ({ principal, organizationId: params.org_id, page: query }),
        answer: 'page', response: MemberPageDto, errors: [400, 404],
      }),
      route({
        name: 'add', method: 'post', path: '/', summary: 'Add a member (a new user when the email is new) with a first personal API key',
        params: { org_id: pathUuid }, query: IGNORED, body: http.addMember, subject: S.addMember,
        request: ({ principal, params, body }) => ({ principal, organizationId: params.org_id, ...body }),
        answer: ({ user, level, personal_api_key: key }) => ({ user, level, personal_api_key: key?.value ?? null, personal_api_key_id: key?.id ?? null }),
        status: 201, response: AddedMemberDto, errors: [400, 403, 404, 409],
        invalidates: (_input, added) => ({ drop: 'user', userId: added.user.id }),
      }),
      route({
        name: 'update', method: 'patch', path: ':user_id', summary: 'Change a member’s level',
        params: { org_id: pathUuid, user_id: pathUuid }, query: IGNORED, body: http.updateMember, subject: S.updateMember,
        request: ({ principal, params, body, ifMatch }) => ({ principal, organizationId: params.org_id, userId: params.user_id, level: body.level, ifMatch }),
        answer: 'entity', response: MemberDto, errors: [400, 403, 404, 409, 412],
        invalidates: ({ params }) => ({ drop: 'user', userId: params.user_id }),
      }),
      route({
        name: 'remove', method: 'delete', path: ':user_id', summary: 'Remove a member',
        params: { org_id: pathUuid, user_id: pathUuid }, query: IGNORED, body: IGNORED, subject: S.removeMember,
        request: ({ principal, params, ifMatch }) => ({ principal, organizationId: params.org_id, userId: params.user_id, ifMatch }),
        answer: 'none', errors: [403, 404, 409, 412],
        invalidates: ({ params }) => ({ drop: 'user', userId: params.user_id }),
      }),
    ],
  },
  {
    // Shown once on creation; a revoked key fails with 401 from its very next use.
    name: 'ApiKeys',
    tag: 'personal API keys',
    prefixes: ['api/personal_api_keys'],
    routes: [
      route({
        name: 'list', method: 'get', path: '/', summary: 'The caller’s own keys that still work, oldest first: labels and prefixes, never a secret',
        params: {}, query: http.pageQuery, body: IGNORED, subject: S.listApiKeys,
        request: ({ principal }) => ({ principal }),
        answer: 'whole', response: PersonalApiKeyPageDto, errors: [400],
      }),
      route({
        name: 'create', method: 'post', path: '/',
        summary: 'A new key for the caller, optionally scoped to organizations or environments; `value` is shown this once',
        params: {}, query: IGNORED, body: http.createApiKey, subject: S.createApiKey,
        request: ({ principal, body }) => ({
          principal, label: body.label, scopedOrganizations: body.scoped_organizations, scopedEnvironments: body.scoped_environments,
        }),
        answer: (key) => key, status: 201, response: PersonalApiKeyWithSecretDto, errors: [400, 404],
      }),
      route({
        name: 'revoke', method: 'delete', path: ':id', summary: 'Revoke one of the caller’s keys: it fails with 401 at once',
        params: { id: pathUuid }, query: IGNORED, body: IGNORED, subject: S.revokeApiKey,
        request: ({ principal, params }) => ({ principal, keyId: params.id }),
        answer: 'none', errors: [403, 404],
        // The reply names no hash, and only the key's owner may revoke it: dropping the owner's keys covers it.
        invalidates: ({ principal }) => ({ drop: 'user', userId: principal.userId }),
      }),
    ],
  },
];
