import type { CurrentUser, Environment, Member, Organization, PersonalApiKey, PersonalApiKeyWithSecret, Project, User } from './bodies';
import type { NoContent, Page, PageRequest, Preconditioned, TextPage, Versioned } from '../common/messages';
import type { OrganizationLevel } from './levels';
import type { Principal } from './principal';

/** Request/reply contracts of SPEC §4.1. Every request but signup and authenticate acts for a `Principal`. */

export interface Acting {
  principal: Principal;
}

export interface SignupRequest {
  email: string;
  firstName?: string;
  organizationName: string;
  projectName?: string;
}
export interface SignupResponse {
  user: User;
  organization: Organization;
  project: Project;
  environment: Environment;
  personal_api_key: PersonalApiKeyWithSecret;
}

export type CurrentUserRequest = Acting;
export type CurrentUserResponse = CurrentUser;

export interface GetOrganizationRequest extends Acting {
  organizationId: string;
}
export type GetOrganizationResponse = Organization;

export interface ListMembersRequest extends Acting {
  organizationId: string;
  page: PageRequest;
}
export type ListMembersResponse = TextPage<Member>;

/**
 * Creates the user when the email is new, with a first personal API key scoped to this organization for the admin to
 * hand over. A user who already exists gets no key: they use their own (a key made for them could reach further).
 */
export interface AddMemberRequest extends Acting {
  organizationId: string;
  email: string;
  level: OrganizationLevel;
}
export interface AddMemberResponse {
  user: User;
  level: OrganizationLevel;
  /** `null` when the user already existed. */
  personal_api_key: PersonalApiKeyWithSecret | null;
}

export interface UpdateMemberRequest extends Acting, Preconditioned {
  organizationId: string;
  userId: string;
  level: OrganizationLevel;
}
export type UpdateMemberResponse = Versioned<Member>;

export interface RemoveMemberRequest extends Acting, Preconditioned {
  organizationId: string;
  userId: string;
}
export type RemoveMemberResponse = NoContent;

export interface CreateApiKeyRequest extends Acting {
  label: string;
  scopedOrganizations?: string[] | null;
  scopedEnvironments?: number[] | null;
}
export type CreateApiKeyResponse = PersonalApiKeyWithSecret;

/** The asking user's own keys that still work, oldest first: never a secret or a hash, never another user's. */
export type ListApiKeysRequest = Acting;
export type ListApiKeysResponse = Page<PersonalApiKey>;

export interface RevokeApiKeyRequest extends Acting {
  keyId: string;
}
export type RevokeApiKeyResponse = NoContent;

/** The gateway sends `hashApiKey(presented secret)`; the secret itself never crosses NATS. Unknown/revoked: 401. */
export interface AuthenticateRequest {
  secretHash: string;
}
export interface AuthenticateResponse {
  principal: Principal;
}
