import type { NoContent, Page, PageRequest, Preconditioned, TextPage, Versioned } from '../common/messages';
import type { Acting } from './account-messages';
import type { Environment, EnvironmentGrant, Project, ServerKey, ServerKeyWithSecret } from './bodies';
import type { GrantLevel } from './levels';
import type { EnvironmentSettings } from './settings';

/** Request/reply contracts of SPEC §4.2. Ids the asker cannot see answer 404 exactly like ids that do not exist. */

export interface ListProjectsRequest extends Acting {
  /** Only this organization's projects; all organizations of the principal when absent. */
  organizationId?: string;
  page: PageRequest;
}
export type ListProjectsResponse = TextPage<Project>;

export interface CreateProjectRequest extends Acting {
  name: string;
  /** May be omitted when the principal belongs to exactly one organization. */
  organizationId?: string;
}
export type CreateProjectResponse = Versioned<Project>;

export interface GetProjectRequest extends Acting {
  projectId: number;
}
export type GetProjectResponse = Versioned<Project>;

export interface UpdateProjectRequest extends Acting, Preconditioned {
  projectId: number;
  name: string;
}
export type UpdateProjectResponse = Versioned<Project>;

export interface DeleteProjectRequest extends Acting, Preconditioned {
  projectId: number;
}
export type DeleteProjectResponse = NoContent;

export interface ListEnvironmentsRequest extends Acting {
  /** `GET /api/v2/projects/:id/environments/`; absent for `GET /api/v2/environments/` (all visible). */
  projectId?: number;
  page: PageRequest;
}
export type ListEnvironmentsResponse = TextPage<Environment>;

/** An environment's own fields, and its settings apart: keyed by the settings' names (SPEC §1), which never change case. */
export interface EnvironmentChanges {
  name?: string;
  accessControl?: boolean;
  settings?: Partial<EnvironmentSettings>;
}

export interface CreateEnvironmentRequest extends Acting {
  projectId: number;
  environment: EnvironmentChanges & { name: string };
}
export type CreateEnvironmentResponse = Versioned<Environment>;

export interface GetEnvironmentRequest extends Acting {
  environmentId: number;
}
export type GetEnvironmentResponse = Versioned<Environment>;

export interface UpdateEnvironmentRequest extends Acting, Preconditioned {
  environmentId: number;
  changes: EnvironmentChanges;
}
export type UpdateEnvironmentResponse = Versioned<Environment>;

export interface DeleteEnvironmentRequest extends Acting, Preconditioned {
  environmentId: number;
}
export type DeleteEnvironmentResponse = NoContent;

export interface ResetEnvironmentTokenRequest extends Acting {
  environmentId: number;
}
export type ResetEnvironmentTokenResponse = Versioned<Environment>;

export interface ListAccessRequest extends Acting {
  environmentId: number;
}
export type ListAccessResponse = Page<EnvironmentGrant>;

export interface GrantAccessRequest extends Acting {
  environmentId: number;
  userId: string;
  level: GrantLevel;
}
export type GrantAccessResponse = EnvironmentGrant;

export interface RevokeAccessRequest extends Acting {
  environmentId: number;
  userId: string;
}
export type RevokeAccessResponse = NoContent;

/** Server-side SDK keys of one environment (SPEC §4.5): admins of the environment only. */
export interface ListServerKeysRequest extends Acting {
  environmentId: number;
}
export type ListServerKeysResponse = Page<ServerKey>;

export interface CreateServerKeyRequest extends Acting {
  environmentId: number;
  name: string;
}
export type CreateServerKeyResponse = ServerKeyWithSecret;

/** 404 for a key of another environment, or one already revoked. */
export interface RevokeServerKeyRequest extends Acting {
  environmentId: number;
  keyId: string;
}
export type RevokeServerKeyResponse = NoContent;

/** Internal, no principal: which environment an SDK key answers for. The secret itself never crosses NATS. */
export interface ResolveSdkKeyRequest {
  secretHash: string;
}
export interface SdkKeyOwner {
  environmentId: number;
  projectId: number;
  /** `client`: the environment's `api_token`; `server`: one of its server keys. */
  kind: 'client' | 'server';
}
/** `null`: no environment has this key (unknown, rotated, revoked or deleted). */
export interface ResolveSdkKeyResponse {
  key: SdkKeyOwner | null;
}
