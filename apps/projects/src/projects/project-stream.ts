import { NotFoundError, type projects } from '@strata/contracts';
import { handleCommand, type PostgresEventStore } from '@strata/eventstore';
import { existingProject, projectDecider, type ExistingProject, type ProjectCommand } from './project';

export function projectStreamId(projectId: number): string {
  return `project-${projectId}`;
}

export interface ProjectChange {
  project: ExistingProject;
  /** The stream's version after the change (unchanged when nothing was decided). */
  version: number;
  events: projects.ProjectEvent[];
}

/**
 * Load, authorize, decide, append on `project-<id>` with the one command handler. `plan` sees the current state (404
 * for a project absent or deleted): it checks access and any per-environment `If-Match` against the very state the
 * decision uses, then names the command(s). `ifMatch` pins the project stream itself (its `ETag`).
 */
export async function changeProject(
  store: PostgresEventStore,
  projectId: number,
  plan: (project: ExistingProject) => ProjectCommand | ProjectCommand[],
  ifMatch?: number,
): Promise<ProjectChange> {
  const result = await handleCommand(store, projectDecider, projectStreamId(projectId), (state) => plan(existingProject(state)), {
    expectedVersion: ifMatch,
  });
  // A deletion leaves the project `deleted`: still the project the caller changed, for its reply.
  if (result.newState.status === 'absent') throw new NotFoundError('Project not found.');
  return { project: result.newState, version: result.nextVersion, events: result.events };
}
