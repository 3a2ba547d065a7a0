import { NotFoundError, PreconditionFailedError, type projects } from '@strata/contracts';
import type { Queryable } from '@strata/database';
import type { PostgresEventStore } from '@strata/eventstore';
import { authorize, type ActionOn } from '../access/access';
import type { EnvironmentState } from './environment';
import { environmentOf, type ProjectCommand, type ProjectEnvironment } from './project';
import { changeProject, type ProjectChange } from './project-stream';
import { findEnvironment } from './projects.queries';
import { environmentTarget } from './visibility';

export interface EnvironmentRequest {
  principal: projects.Principal;
  environmentId: number;
  /** The environment's own version (its `ETag`), not its project stream's. */
  ifMatch?: number;
}

/** An environment read from the read model for one who may `action` on it: 404 when missing or hidden, 403 when not allowed. */
export async function environmentFor(db: Queryable, { principal, environmentId }: EnvironmentRequest, action: ActionOn<'environment'>): Promise<EnvironmentState> {
  const environment = await findEnvironment(db, environmentId);
  if (environment === null) throw new NotFoundError('Environment not found.');
  authorize(principal, environmentTarget(environment), action);
  return environment;
}

/**
 * A change to one environment, decided on its project's stream: the read model says which project holds it, the
 * stream's state decides who may (`actions`, 404 when hidden, 403 when not allowed) and whether `If-Match` holds.
 */
export async function changeEnvironment(
  store: PostgresEventStore,
  request: EnvironmentRequest,
  actions: ActionOn<'environment'>[],
  command: (environment: EnvironmentState) => ProjectCommand,
): Promise<ProjectChange> {
  const { principal, environmentId, ifMatch } = request;
  const located = await findEnvironment(store.db, environmentId);
  if (located === null) throw new NotFoundError('Environment not found.');
  return changeProject(
    store,
    located.projectId,
    (project) => {
      const environment = environmentOf(project, environmentId);
      for (const action of actions) authorize(principal, environmentTarget(environment), action);
      if (ifMatch !== undefined && ifMatch !== environment.version) throw new PreconditionFailedError();
      return command(environment);
    },
  );
}

/** The environment as the change left it (404 when the change removed it). */
export function environmentAfter(change: ProjectChange, environmentId: number): ProjectEnvironment {
  return environmentOf(change.project, environmentId);
}
