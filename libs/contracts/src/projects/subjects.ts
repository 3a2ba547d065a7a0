import type { CoversSubjects, RequestOf, ResponseOf, SubjectOf } from '../common/rpc';
import type * as Accounts from './account-messages';
import type * as Projects from './project-messages';
import type * as Adoption from './adoption';

/** `projects.<verb>` request/reply subjects (SPEC §3); pass them through `rpcSubject` for the namespace prefix. */
export const ProjectsSubjects = {
  signup: 'projects.signup',
  currentUser: 'projects.users.me',
  getOrganization: 'projects.organizations.get',
  listMembers: 'projects.members.list',
  addMember: 'projects.members.add',
  updateMember: 'projects.members.update',
  removeMember: 'projects.members.remove',
  listApiKeys: 'projects.apiKeys.list',
  createApiKey: 'projects.apiKeys.create',
  revokeApiKey: 'projects.apiKeys.revoke',
  authenticate: 'projects.apiKeys.authenticate',
  listProjects: 'projects.projects.list',
  createProject: 'projects.projects.create',
  getProject: 'projects.projects.get',
  updateProject: 'projects.projects.update',
  deleteProject: 'projects.projects.delete',
  listEnvironments: 'projects.environments.list',
  createEnvironment: 'projects.environments.create',
  getEnvironment: 'projects.environments.get',
  updateEnvironment: 'projects.environments.update',
  deleteEnvironment: 'projects.environments.delete',
  resetEnvironmentToken: 'projects.environments.resetToken',
  adoptEnvironment: 'projects.environments.adopt',
  listAccess: 'projects.access.list',
  grantAccess: 'projects.access.grant',
  revokeAccess: 'projects.access.revoke',
  listServerKeys: 'projects.serverKeys.list',
  createServerKey: 'projects.serverKeys.create',
  revokeServerKey: 'projects.serverKeys.revoke',
  resolveSdkKey: 'projects.sdkKeys.resolve',
} as const;

export type ProjectsSubject = SubjectOf<typeof ProjectsSubjects>;

/** Subject → request and response payload: lets a typed client and server agree by construction. */
export interface ProjectsRpc {
  'projects.signup': { request: Accounts.SignupRequest; response: Accounts.SignupResponse };
  'projects.users.me': { request: Accounts.CurrentUserRequest; response: Accounts.CurrentUserResponse };
  'projects.organizations.get': { request: Accounts.GetOrganizationRequest; response: Accounts.GetOrganizationResponse };
  'projects.members.list': { request: Accounts.ListMembersRequest; response: Accounts.ListMembersResponse };
  'projects.members.add': { request: Accounts.AddMemberRequest; response: Accounts.AddMemberResponse };
  'projects.members.update': { request: Accounts.UpdateMemberRequest; response: Accounts.UpdateMemberResponse };
  'projects.members.remove': { request: Accounts.RemoveMemberRequest; response: Accounts.RemoveMemberResponse };
  'projects.apiKeys.list': { request: Accounts.ListApiKeysRequest; response: Accounts.ListApiKeysResponse };
  'projects.apiKeys.create': { request: Accounts.CreateApiKeyRequest; response: Accounts.CreateApiKeyResponse };
  'projects.apiKeys.revoke': { request: Accounts.RevokeApiKeyRequest; response: Accounts.RevokeApiKeyResponse };
  'projects.apiKeys.authenticate': { request: Accounts.AuthenticateRequest; response: Accounts.AuthenticateResponse };
  'projects.projects.list': { request: Projects.ListProjectsRequest; response: Projects.ListProjectsResponse };
  'projects.projects.create': { request: Projects.CreateProjectRequest; response: Projects.CreateProjectResponse };
  'projects.projects.get': { request: Projects.GetProjectRequest; response: Projects.GetProjectResponse };
  'projects.projects.update': { request: Projects.UpdateProjectRequest; response: Projects.UpdateProjectResponse };
  'projects.projects.delete': { request: Projects.DeleteProjectRequest; response: Projects.DeleteProjectResponse };
  'projects.environments.list': { request: Projects.ListEnvironmentsRequest; response: Projects.ListEnvironmentsResponse };
  'projects.environments.create': { request: Projects.CreateEnvironmentRequest; response: Projects.CreateEnvironmentResponse };
  'projects.environments.get': { request: Projects.GetEnvironmentRequest; response: Projects.GetEnvironmentResponse };
  'projects.environments.update': { request: Projects.UpdateEnvironmentRequest; response: Projects.UpdateEnvironmentResponse };
  'projects.environments.delete': { request: Projects.DeleteEnvironmentRequest; response: Projects.DeleteEnvironmentResponse };
  'projects.environments.adopt': { request: Adoption.AdoptEnvironmentRequest; response: Adoption.AdoptEnvironmentResponse };
  'projects.environments.resetToken': {
    request: Projects.ResetEnvironmentTokenRequest;
    response: Projects.ResetEnvironmentTokenResponse;
  };
  'projects.access.list': { request: Projects.ListAccessRequest; response: Projects.ListAccessResponse };
  'projects.access.grant': { request: Projects.GrantAccessRequest; response: Projects.GrantAccessResponse };
  'projects.access.revoke': { request: Projects.RevokeAccessRequest; response: Projects.RevokeAccessResponse };
  'projects.serverKeys.list': { request: Projects.ListServerKeysRequest; response: Projects.ListServerKeysResponse };
  'projects.serverKeys.create': { request: Projects.CreateServerKeyRequest; response: Projects.CreateServerKeyResponse };
  'projects.serverKeys.revoke': { request: Projects.RevokeServerKeyRequest; response: Projects.RevokeServerKeyResponse };
  'projects.sdkKeys.resolve': { request: Projects.ResolveSdkKeyRequest; response: Projects.ResolveSdkKeyResponse };
}

export type ProjectsRequest<S extends ProjectsSubject> = RequestOf<ProjectsRpc, S>;
export type ProjectsResponse<S extends ProjectsSubject> = ResponseOf<ProjectsRpc, S>;

// Fails to compile when a subject has no entry in ProjectsRpc or vice versa.
true satisfies CoversSubjects<ProjectsSubject, ProjectsRpc>;
