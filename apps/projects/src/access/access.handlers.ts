import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { NotFoundError, projects } from '@strata/contracts';
import { PostgresEventStore } from '@strata/eventstore';
import { levelIn } from '../accounts/accounts.queries';
import { parseRequest } from '../common/edge';
import { authorize } from './access';
import { changeEnvironment, environmentAfter } from '../projects/environment-change';
import { findEnvironment } from '../projects/projects.queries';
import { environmentTarget } from '../projects/visibility';

const S = projects.ProjectsSubjects;
type Rpc<K extends keyof projects.ProjectsRpc> = projects.ProjectsRpc[K]['response'];

/** `projects.access.*`: explicit grants that let members into a restricted environment (SPEC §4.2). Admins only. */
@Controller()
export class AccessHandlers {
  constructor(private readonly store: PostgresEventStore) {}

  @MessagePattern(S.listAccess)
  async list(@Payload() payload: unknown): Promise<Rpc<'projects.access.list'>> {
    const { principal, environmentId } = parseRequest(S.listAccess, payload);
    const environment = await findEnvironment(this.store.db, environmentId);
    if (environment === null) throw new NotFoundError('Environment not found.');
    authorize(principal, environmentTarget(environment), 'environment:access');
    const results = grantsOf(environment.grants);
    return { count: results.length, results };
  }

  @MessagePattern(S.grantAccess)
  async grant(@Payload() payload: unknown): Promise<Rpc<'projects.access.grant'>> {
    const { principal, environmentId, userId, level } = parseRequest(S.grantAccess, payload);
    const located = await findEnvironment(this.store.db, environmentId);
    // The grantee's membership, so the decider can refuse a grant to someone outside the organization.
    const granteeLevel = located === null ? null : await levelIn(this.store.db, located.organizationId, userId);
    const change = await changeEnvironment(this.store, { principal, environmentId }, ['environment:access'], () => ({
      type: 'GrantEnvironmentAccess',
      data: { environmentId, userId, level, granteeLevel },
    }));
    return { user_id: userId, level: environmentAfter(change, environmentId).grants[userId] ?? level };
  }

  @MessagePattern(S.revokeAccess)
  async revoke(@Payload() payload: unknown): Promise<Rpc<'projects.access.revoke'>> {
    const { principal, environmentId, userId } = parseRequest(S.revokeAccess, payload);
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
