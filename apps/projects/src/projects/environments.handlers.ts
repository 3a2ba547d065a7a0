import { Controller } from '@nestjs/common';
import { NotFoundError, textPage } from '@strata/contracts';
import { PostgresEventStore, uuidv7 } from '@strata/eventstore';
import { Handles, type Reply, type Req, S } from '../common/edge';
import { nextProjectEnvironmentId } from '../common/ids';
import { now } from '../common/clock';
import { newEnvironmentToken } from '../common/secrets';
import { authorize, type ActionOn } from '../access/access';
import { assertNoAdoptionRunning } from '../adoption/running-adoptions';
import { environmentOf } from './project';
import { environmentBody } from './bodies';
import { changeEnvironment, environmentAfter, environmentFor } from './environment-change';
import { EnvironmentReads } from './environment-reads';
import { changeProject } from './project-stream';
import { environmentsWhere, findProject } from './projects.queries';
import { environmentTarget, projectTarget, scopedEnvironmentIds, visibleEnvironments, visibleOrganizationIds } from './visibility';

/** `projects.environments.*`: environments live in their project's stream (SPEC §4.2). */
@Controller()
export class EnvironmentsHandlers {
  private readonly environments: EnvironmentReads;

  constructor(private readonly store: PostgresEventStore) {
    this.environments = new EnvironmentReads(store.db);
  }

  /** Visibility is decided per environment by `access.ts`, so the page and its count hold only what may be seen. */
  @Handles(S.listEnvironments)
  async list({ principal, projectId, page }: Req<'projects.environments.list'>): Reply<'projects.environments.list'> {
    if (projectId !== undefined) {
      const project = await findProject(this.store.db, projectId);
      if (project === null) throw new NotFoundError('Project not found.');
      authorize(principal, projectTarget(project), 'project:read');
    }
    const filter = { organizationIds: visibleOrganizationIds(principal), environmentIds: scopedEnvironmentIds(principal), projectId };
    const visible = visibleEnvironments(principal, await environmentsWhere(this.store.db, filter));
    const results = visible.slice(page.offset, page.offset + page.limit).map(environmentBody);
    return textPage(visible.length, results);
  }

  @Handles(S.getEnvironment)
  async get({ principal, environmentId }: Req<'projects.environments.get'>): Reply<'projects.environments.get'> {
    const environment = await this.environments.find(environmentId);
    if (environment === null) throw new NotFoundError('Environment not found.');
    authorize(principal, environmentTarget(environment), 'environment:read');
    return { result: environmentBody(environment), version: environment.version };
  }

  @Handles(S.createEnvironment)
  async create({ principal, projectId, environment }: Req<'projects.environments.create'>): Reply<'projects.environments.create'> {
    const { name, accessControl, settings } = environment;
    // Drawn once: a retry after a lost race decides again with the same id and token.
    const environmentId = await nextProjectEnvironmentId(this.store.db);
    const fresh = { environmentId, uuid: uuidv7(), apiToken: newEnvironmentToken(), name: name ?? '', accessControl, settings, createdAt: now() };
    const change = await changeProject(
      this.store,
      projectId,
      (project) => {
        authorize(principal, projectTarget(project), 'environment:create');
        return { type: 'CreateEnvironment', data: fresh };
      },
    );
    const created = environmentOf(change.project, environmentId);
    return { result: environmentBody(created), version: created.version };
  }

  @Handles(S.updateEnvironment)
  async update({ principal, environmentId, changes, ifMatch }: Req<'projects.environments.update'>): Reply<'projects.environments.update'> {
    const { name, accessControl, settings } = changes;
    const actions: ActionOn<'environment'>[] = ['environment:update'];
    if (accessControl !== undefined) actions.push('environment:restrict');
    const change = await changeEnvironment(this.store, { principal, environmentId, ifMatch }, actions, () => ({
      type: 'UpdateEnvironment',
      data: { environmentId, name, accessControl, settings },
    }));
    const updated = environmentAfter(change, environmentId);
    return { result: environmentBody(updated), version: updated.version };
  }

  @Handles(S.deleteEnvironment)
  async delete({ principal, environmentId, ifMatch }: Req<'projects.environments.delete'>): Reply<'projects.environments.delete'> {
    const environment = await environmentFor(this.store.db, { principal, environmentId }, 'environment:delete');
    await assertNoAdoptionRunning(this.store.db, { environmentId, projectId: environment.projectId });
    await changeEnvironment(this.store, { principal, environmentId, ifMatch }, ['environment:delete'], () => ({
      type: 'DeleteEnvironment',
      data: { environmentId, deletedAt: now() },
    }));
    return {};
  }

  /** The old token leaves the read model in the same transaction: it resolves nothing once this answers. */
  @Handles(S.resetEnvironmentToken)
  async resetToken({ principal, environmentId }: Req<'projects.environments.resetToken'>): Reply<'projects.environments.resetToken'> {
    const apiToken = newEnvironmentToken();
    const change = await changeEnvironment(this.store, { principal, environmentId }, ['environment:reset_token'], () => ({
      type: 'ResetEnvironmentToken',
      data: { environmentId, apiToken, resetAt: now() },
    }));
    const reset = environmentAfter(change, environmentId);
    return { result: environmentBody(reset), version: reset.version };
  }
}
