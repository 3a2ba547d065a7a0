import { Controller } from '@nestjs/common';
import { projects } from '@strata/contracts';
import { PostgresEventStore } from '@strata/eventstore';
import { levelIn } from '../accounts/accounts.queries';
import { Handles, type Reply, type Req, S } from '../common/edge';
import { changeEnvironment, environmentAfter, environmentFor } from '../projects/environment-change';
import { findEnvironment } from '../projects/projects.queries';

/** `projects.access.*`: explicit grants that let members into a restricted environment (SPEC §4.2). Admins only. */
@Controller()
export class AccessHandlers {
  constructor(private readonly store: PostgresEventStore) {}

  @Handles(S.listAccess)
  async list({ principal, environmentId }: Req<'projects.access.list'>): Reply<'projects.access.list'> {
    const environment = await environmentFor(this.store.db, { principal, environmentId }, 'environment:access');
    const results = grantsOf(environment.grants);
    return { count: results.length, results };
  }

  @Handles(S.grantAccess)
  async grant({ principal, environmentId, userId, level }: Req<'projects.access.grant'>): Reply<'projects.access.grant'> {
    const located = await findEnvironment(this.store.db, environmentId);
    // The grantee's membership, so the decider can refuse a grant to someone outside the organization.
    const granteeLevel = located === null ? null : await levelIn(this.store.db, located.organizationId, userId);
    const change = await changeEnvironment(this.store, { principal, environmentId }, ['environment:access'], () => ({
      type: 'GrantEnvironmentAccess',
      data: { environmentId, userId, level, granteeLevel },
    }));
    return { user_id: userId, level: environmentAfter(change, environmentId).grants[userId] ?? level };
  }

  @Handles(S.revokeAccess)
  async revoke({ principal, environmentId, userId }: Req<'projects.access.revoke'>): Reply<'projects.access.revoke'> {
    await changeEnvironment(this.store, { principal, environmentId }, ['environment:access'], () => ({
      type: 'RevokeEnvironmentAccess',
      data: { environmentId, userId },
    }));
    return {};
  }
}

function grantsOf(grants: Record<string, projects.GrantLevel>): projects.EnvironmentGrant[] {
  return Object.entries(grants)
    .map(([user_id, level]) => ({ user_id, level }))
    .sort((a, b) => a.user_id.localeCompare(b.user_id));
}
