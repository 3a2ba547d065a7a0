import type { DomainEvent } from './event';
import type { GrantLevel } from './levels';
import type { EnvironmentSettings } from './settings';

/**
 * Stream: `project-<id>`. A project and its environments are one aggregate, so the rules that span environments
 * (last-environment guard, case-insensitive unique names) are decided against one consistent version.
 */

export type ProjectCreated = DomainEvent<
  'ProjectCreated',
  {
    projectId: number;
    organizationId: string;
    name: string;
    /** Equals `projectId` (SPEC §1); its `EnvironmentCreated` follows in the same append. */
    defaultEnvironmentId: number;
    createdAt: string;
  }
>;

export type ProjectRenamed = DomainEvent<'ProjectRenamed', { projectId: number; name: string }>;

/** The project stops taking changes; other services delete what they hold for it. */
export type ProjectDeletionRequested = DomainEvent<
  'ProjectDeletionRequested',
  { projectId: number; organizationId: string; environmentIds: number[]; requestedAt: string }
>;

/** The project and all its environments are gone; their tokens no longer resolve. */
export type ProjectDeleted = DomainEvent<
  'ProjectDeleted',
  { projectId: number; organizationId: string; environments: EnvironmentTokenRef[]; deletedAt: string }
>;

export interface EnvironmentTokenRef {
  environmentId: number;
  apiToken: string;
}

/** Everything an environment is: carried whole when it is created or moved into a project. */
export interface EnvironmentSnapshot {
  environmentId: number;
  uuid: string;
  projectId: number;
  organizationId: string;
  name: string;
  apiToken: string;
  accessControl: boolean;
  settings: EnvironmentSettings;
  /** user id → explicit grant (meaningful while `accessControl` is on). */
  grants: Record<string, GrantLevel>;
  createdAt: string;
  /** Its active server keys, carried when it moves; absent means none (never set on `EnvironmentCreated`). */
  serverKeys?: ServerKeyRef[];
}

/** A server-side SDK key (SPEC §4.5) as its environment holds it: the secret's sha256 only, never the secret. */
export interface ServerKeyRef {
  keyId: string;
  name: string;
  secretHash: string;
  /** `ser.abcd`: enough to recognise the key, useless to use it. */
  visiblePrefix: string;
  createdAt: string;
}

export type EnvironmentCreated = DomainEvent<'EnvironmentCreated', EnvironmentSnapshot>;

export type EnvironmentRenamed = DomainEvent<
  'EnvironmentRenamed',
  { environmentId: number; projectId: number; name: string }
>;

/** Only the settings that changed, with their new values. */
export type EnvironmentSettingsChanged = DomainEvent<
  'EnvironmentSettingsChanged',
  { environmentId: number; projectId: number; changes: Partial<EnvironmentSettings> }
>;

/** `previousToken` is listed so the ingestion mapper drops it at once. */
export type EnvironmentTokenReset = DomainEvent<
  'EnvironmentTokenReset',
  { environmentId: number; projectId: number; apiToken: string; previousToken: string; resetAt: string }
>;

export type EnvironmentAccessControlToggled = DomainEvent<
  'EnvironmentAccessControlToggled',
  { environmentId: number; projectId: number; accessControl: boolean }
>;

export type EnvironmentAccessGranted = DomainEvent<
  'EnvironmentAccessGranted',
  { environmentId: number; projectId: number; userId: string; level: GrantLevel }
>;

export type EnvironmentAccessRevoked = DomainEvent<
  'EnvironmentAccessRevoked',
  { environmentId: number; projectId: number; userId: string }
>;

/** The key answers SDKs of this environment from now on (looked up by `secretHash`). */
export type ServerKeyCreated = DomainEvent<'ServerKeyCreated', ServerKeyRef & { environmentId: number; projectId: number }>;

/**
 * The key stops answering. Also appended for each key of an environment just before its `EnvironmentDeleted` or
 * `ProjectDeleted`, so a consumer drops keys on this event alone.
 */
export type ServerKeyRevoked = DomainEvent<
  'ServerKeyRevoked',
  { environmentId: number; projectId: number; keyId: string; secretHash: string }
>;

export type EnvironmentDeleted = DomainEvent<
  'EnvironmentDeleted',
  { environmentId: number; projectId: number; apiToken: string; deletedAt: string }
>;

/** On the source project's stream (SPEC §7). When it was the last environment, `ProjectDeleted` follows. */
export type EnvironmentMovedOut = DomainEvent<
  'EnvironmentMovedOut',
  { environmentId: number; projectId: number; toProjectId: number; environment: EnvironmentSnapshot; movedAt: string }
>;

/** On the target project's stream: the environment, now with `projectId` = the target, keeps id, token and data. */
export type EnvironmentMovedIn = DomainEvent<
  'EnvironmentMovedIn',
  { environmentId: number; projectId: number; fromProjectId: number; environment: EnvironmentSnapshot; movedAt: string }
>;

export type EnvironmentEvent =
  | EnvironmentCreated
  | EnvironmentRenamed
  | EnvironmentSettingsChanged
  | EnvironmentTokenReset
  | EnvironmentAccessControlToggled
  | EnvironmentAccessGranted
  | EnvironmentAccessRevoked
  | ServerKeyCreated
  | ServerKeyRevoked
  | EnvironmentDeleted
  | EnvironmentMovedOut
  | EnvironmentMovedIn;

export type ProjectEvent = ProjectCreated | ProjectRenamed | ProjectDeletionRequested | ProjectDeleted | EnvironmentEvent;
