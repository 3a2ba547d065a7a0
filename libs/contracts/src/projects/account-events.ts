import type { DomainEvent } from './event';
import type { OrganizationLevel } from './levels';

/** Streams: `organization-<uuid>`, `user-<uuid>`, `personal-api-key-<uuid>`. Timestamps are ISO-8601 strings. */

export type OrganizationCreated = DomainEvent<
  'OrganizationCreated',
  { organizationId: string; name: string; createdBy: string; createdAt: string }
>;

export type OrganizationRenamed = DomainEvent<'OrganizationRenamed', { organizationId: string; name: string }>;

export type MemberAdded = DomainEvent<
  'MemberAdded',
  { organizationId: string; userId: string; level: OrganizationLevel; joinedAt: string }
>;

export type MemberLevelChanged = DomainEvent<
  'MemberLevelChanged',
  { organizationId: string; userId: string; previousLevel: OrganizationLevel; level: OrganizationLevel }
>;

export type MemberRemoved = DomainEvent<
  'MemberRemoved',
  { organizationId: string; userId: string; removedBy: string }
>;

export type OrganizationEvent =
  | OrganizationCreated
  | OrganizationRenamed
  | MemberAdded
  | MemberLevelChanged
  | MemberRemoved;

export type UserCreated = DomainEvent<
  'UserCreated',
  { userId: string; email: string; firstName: string; createdAt: string }
>;

export type UserEvent = UserCreated;

/** The secret itself is never stored: only its sha256 (`hashApiKey`) and its first characters for display. */
export type PersonalApiKeyCreated = DomainEvent<
  'PersonalApiKeyCreated',
  {
    keyId: string;
    userId: string;
    label: string;
    secretHash: string;
    visiblePrefix: string;
    /** `null`: unrestricted. */
    scopedOrganizations: string[] | null;
    scopedEnvironments: number[] | null;
    createdAt: string;
  }
>;

/** From this event on the key authenticates nothing (caches keyed by `secretHash` drop it). */
export type PersonalApiKeyRevoked = DomainEvent<
  'PersonalApiKeyRevoked',
  { keyId: string; userId: string; secretHash: string; revokedAt: string }
>;

export type PersonalApiKeyEvent = PersonalApiKeyCreated | PersonalApiKeyRevoked;
