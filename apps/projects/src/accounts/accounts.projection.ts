import type { projects } from '@strata/contracts';
import type { Transaction } from '@strata/database';
import type { InlineProjection, RecordedEvent } from '@strata/eventstore';
import { versionedProjection } from '@strata/eventstore';

type OrganizationEvent = RecordedEvent<projects.OrganizationEvent>;
type ApiKeyEvent = RecordedEvent<projects.PersonalApiKeyEvent>;

/** `organizations` and `members`: an organization's `version` is its stream's, the `ETag` of member changes. */
export const organizationsProjection = versionedProjection<projects.OrganizationEvent>({
  name: 'organizations',
  handles: ['OrganizationCreated', 'OrganizationRenamed', 'MemberAdded', 'MemberLevelChanged', 'MemberRemoved'],
  version: { table: 'organizations', idOf: (event) => event.data.organizationId },
  apply: applyOrganizationEvent,
  tables: ['members', 'organizations'],
});

async function applyOrganizationEvent(event: OrganizationEvent, tx: Transaction): Promise<void> {
  switch (event.type) {
    case 'OrganizationCreated': {
      const { organizationId, name, createdAt } = event.data;
      await tx.query('INSERT INTO organizations (id, name, created_at, version) VALUES ($1, $2, $3, $4)', [organizationId, name, createdAt, event.streamPosition]);
      return;
    }
    case 'OrganizationRenamed':
      await tx.query('UPDATE organizations SET name = $2 WHERE id = $1', [event.data.organizationId, event.data.name]);
      return;
    case 'MemberAdded': {
      const { organizationId, userId, level, joinedAt } = event.data;
      await tx.query('INSERT INTO members (organization_id, user_id, level, joined_at) VALUES ($1, $2, $3, $4)', [organizationId, userId, level, joinedAt]);
      return;
    }
    case 'MemberLevelChanged': {
      const { organizationId, userId, level } = event.data;
      await tx.query('UPDATE members SET level = $3 WHERE organization_id = $1 AND user_id = $2', [organizationId, userId, level]);
      return;
    }
    case 'MemberRemoved':
      await tx.query('DELETE FROM members WHERE organization_id = $1 AND user_id = $2', [event.data.organizationId, event.data.userId]);
      return;
    default: {
      const _exhaustive: never = event;
      return _exhaustive;
    }
  }
}

/** `users`: its unique index on `lower(email)` is what keeps emails unique across user streams. */
export const usersProjection: InlineProjection = {
  name: 'users',
  handles: ['UserCreated'],
  async apply(events, tx) {
    for (const event of events as RecordedEvent<projects.UserCreated>[]) {
      const { userId, email, firstName, createdAt } = event.data;
      await tx.query('INSERT INTO users (id, email, first_name, created_at) VALUES ($1, $2, $3, $4)', [userId, email, firstName, createdAt]);
    }
  },
  async reset(tx) {
    await tx.query('DELETE FROM users');
  },
};

/** `personal_api_keys`, looked up by secret hash on every authentication; a revoked key keeps its row, marked. */
export const apiKeysProjection: InlineProjection = {
  name: 'personal-api-keys',
  handles: ['PersonalApiKeyCreated', 'PersonalApiKeyRevoked'],
  async apply(events, tx) {
    for (const event of events as ApiKeyEvent[]) await applyApiKeyEvent(event, tx);
  },
  async reset(tx) {
    await tx.query('DELETE FROM personal_api_keys');
  },
};

async function applyApiKeyEvent(event: ApiKeyEvent, tx: Transaction): Promise<void> {
  switch (event.type) {
    case 'PersonalApiKeyCreated': {
      const { keyId, userId, label, secretHash, visiblePrefix, scopedOrganizations, scopedEnvironments, createdAt } = event.data;
      await tx.query(
        `INSERT INTO personal_api_keys (id, user_id, label, secret_hash, visible_prefix, scoped_organizations, scoped_environments, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
        [keyId, userId, label, secretHash, visiblePrefix, scopedOrganizations, scopedEnvironments, createdAt],
      );
      return;
    }
    case 'PersonalApiKeyRevoked':
      await tx.query('UPDATE personal_api_keys SET revoked_at = $2 WHERE id = $1', [event.data.keyId, event.data.revokedAt]);
      return;
    default: {
      const _exhaustive: never = event;
      return _exhaustive;
    }
  }
}
