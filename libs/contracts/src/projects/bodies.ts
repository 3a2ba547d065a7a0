import type { GrantLevel, OrganizationLevel } from './levels';
import type { EnvironmentSettings } from './settings';

/** HTTP response bodies (SPEC §4.1, §4.2), snake_case as served. The projects service replies with these. */

/** SPEC §4.2: `{id, uuid, project_id, organization_id, name, api_token, access_control, …settings, created_at}`. */
export interface Environment extends EnvironmentSettings {
  id: number;
  uuid: string;
  project_id: number;
  organization_id: string;
  name: string;
  api_token: string;
  access_control: boolean;
  created_at: string;
}

/** SPEC §4.2: `environments` lists only those visible to the asker. */
export interface Project {
  id: number;
  organization_id: string;
  name: string;
  environments: { id: number; name: string }[];
  created_at: string;
}

export interface User {
  id: string;
  email: string;
  first_name: string;
  created_at: string;
}

export interface Organization {
  id: string;
  name: string;
  created_at: string;
}

/** `GET /api/users/@me` */
export interface CurrentUser extends User {
  organizations: (Organization & { level: OrganizationLevel })[];
}

export interface Member {
  user: User;
  level: OrganizationLevel;
  joined_at: string;
}

export interface PersonalApiKey {
  id: string;
  label: string;
  /** `phx_abcd`: enough to recognise the key, useless to use it. */
  visible_prefix: string;
  scoped_organizations: string[] | null;
  scoped_environments: number[] | null;
  created_at: string;
}

/** The one answer that carries the secret: the reply to the request that created the key. */
export interface PersonalApiKeyWithSecret extends PersonalApiKey {
  value: string;
}

export interface EnvironmentGrant {
  user_id: string;
  level: GrantLevel;
}

/** A server-side SDK key as listed (SPEC §4.5): never the secret. */
export interface ServerKey {
  id: string;
  name: string;
  /** `ser.abcd`: enough to recognise the key, useless to use it. */
  visible_prefix: string;
  created_at: string;
}

/** The one answer that carries the secret: the reply to the request that created the key. */
export interface ServerKeyWithSecret extends ServerKey {
  key: string;
}
