import { Controller } from '@nestjs/common';
import { AuthenticationError, PermissionDeniedError, ValidationError, projects } from '@strata/contracts';
import { handleCommand, handleCommands, PostgresEventStore } from '@strata/eventstore';
import { Handles, type Reply, type Req, S } from '../common/edge';
import { now } from '../common/clock';
import { mayCreateKeyWithScopes, reachOf, visibility } from '../access/access';
import { apiKeyDecider } from './api-key';
import { findEnvironment } from '../projects/projects.queries';
import { environmentTarget } from '../projects/visibility';
import { activeKeysOf, findActiveKey, levelsOf, resolveEnvironments } from './accounts.queries';
import { apiKeyBody, issueApiKey } from './issue';
import { apiKeyStream } from './streams';

/** `projects.apiKeys.*`: personal API keys, stored as their sha256 only (SPEC §4). */
@Controller()
export class ApiKeysHandlers {
  constructor(private readonly store: PostgresEventStore) {}

  /** Read from the inline read model, so a revocation that answered is refused on the very next call. */
  @Handles(S.authenticate)
  async authenticate({ secretHash }: Req<'projects.apiKeys.authenticate'>): Reply<'projects.apiKeys.authenticate'> {
    const key = await findActiveKey(this.store.db, secretHash);
    if (key === null) throw new AuthenticationError('Invalid personal API key.', 'authentication_failed');
    const [organizationLevels, environments] = await Promise.all([
      levelsOf(this.store.db, key.userId),
      key.scopedEnvironments === null ? null : resolveEnvironments(this.store.db, key.scopedEnvironments),
    ]);
    const scopes = { organizations: key.scopedOrganizations, environments };
    return { principal: { userId: key.userId, keyId: key.keyId, organizationLevels, scopes } };
  }

  /** The asking user's own keys only, whatever the asking key's scope: a list of labels and prefixes shows no secret. */
  @Handles(S.listApiKeys)
  async list({ principal }: Req<'projects.apiKeys.list'>): Reply<'projects.apiKeys.list'> {
    const results = await activeKeysOf(this.store.db, principal.userId);
    return { count: results.length, results };
  }

  @Handles(S.createApiKey)
  async create({ principal, label, ...requested }: Req<'projects.apiKeys.create'>): Reply<'projects.apiKeys.create'> {
    // An empty list means unrestricted (as the decider reads it), so it is checked as such.
    const scopes = { organizations: orNull(requested.scopedOrganizations), environments: orNull(requested.scopedEnvironments) };
    if (!mayCreateKeyWithScopes(principal, scopes)) throw new PermissionDeniedError('A key cannot create a key that sees more than itself.');
    await this.assertScopesVisible(principal, scopes);
    const key = issueApiKey(principal.userId, label, scopes);
    const [created] = await handleCommands(this.store, [key.command] as const);
    return apiKeyBody(created.newState, key.secret);
  }

  @Handles(S.revokeApiKey)
  async revoke({ principal, keyId }: Req<'projects.apiKeys.revoke'>): Reply<'projects.apiKeys.revoke'> {
    const command = { type: 'RevokePersonalApiKey', data: { actorUserId: principal.userId, actorReach: reachOf(principal), revokedAt: now() } } as const;
    await handleCommand(this.store, apiKeyDecider, apiKeyStream(keyId), command);
    return {};
  }

  /** A scope must name what the user can see: an organization they belong to, an environment visible to them. */
  private async assertScopesVisible(principal: projects.Principal, scopes: { organizations: string[] | null; environments: number[] | null }) {
    for (const organizationId of scopes.organizations ?? []) {
      if (principal.organizationLevels[organizationId] === undefined) {
        throw new ValidationError(`Organization ${organizationId} does not exist or is not yours.`, 'scoped_organizations', 'invalid_scope');
      }
    }
    for (const environmentId of scopes.environments ?? []) {
      const environment = await findEnvironment(this.store.db, environmentId);
      if (environment === null || visibility(principal, environmentTarget(environment)) === 'hidden') {
        throw new ValidationError(`Environment ${environmentId} does not exist or is not visible to you.`, 'scoped_environments', 'invalid_scope');
      }
    }
  }
}

function orNull<T>(values: T[] | null | undefined): T[] | null {
  return values === null || values === undefined || values.length === 0 ? null : values;
}
