import { NotFoundError, PreconditionFailedError, type projects } from '@strata/contracts';
import type { EventMetadata, PostgresEventStore } from '@strata/eventstore';
import { withRetries } from '../common/concurrency';
import { decide, evolve, initialState, type ExistingProject, type ProjectCommand, type ProjectState } from '../domain/project';

export function projectStreamId(projectId: number): string {
  return `project-${projectId}`;
}

export interface ProjectChange {
  project: ExistingProject;
  /** The stream's version after the change (unchanged when nothing was decided). */
  version: number;
  events: projects.ProjectEvent[];
}

export interface ProjectChangeOptions {
  metadata: EventMetadata;
  /** `If-Match` on the project itself: the stream version the caller read (412 when it moved on). */
  ifMatch?: number;
}

/**
 * Load, authorize, decide, append on `project-<id>`. `plan` sees the current state: it checks access and any
 * per-environment `If-Match` against the very state the decision uses, then names the command(s), decided in order
 * and appended together. A concurrent append makes the whole round run again on fresh state.
 */
export function changeProject(
  store: PostgresEventStore,
  projectId: number,
  plan: (project: ExistingProject) => ProjectCommand[],
  options: ProjectChangeOptions,
): Promise<ProjectChange> {
  const streamId = projectStreamId(projectId);
  return withRetries(
    async () => {
      const { version, events } = await store.readStream<projects.ProjectEvent>(streamId);
      const project = existing(events.reduce(evolve, initialState()));
      // Planned first: someone who may not see the project learns nothing from a 412.
      const commands = plan(project);
      if (options.ifMatch !== undefined && options.ifMatch !== version) throw new PreconditionFailedError();
      let state: ProjectState = project;
      const decided: projects.ProjectEvent[] = [];
      for (const command of commands) {
        const next = decide(command, state);
        decided.push(...next);
        state = next.reduce(evolve, state);
      }
      if (decided.length === 0) return { project, version, events: [] };
      const appended = await store.appendToStream(streamId, decided, { expectedVersion: version, metadata: options.metadata });
      return { project: state as ExistingProject, version: appended.nextVersion, events: decided };
    },
    { pinnedStreamVersion: options.ifMatch !== undefined },
  );
}

/** A project that never existed or was deleted is 404 before anyone's access is even considered. */
function existing(state: ProjectState): ExistingProject {
  if (state.status === 'absent' || state.status === 'deleted') throw new NotFoundError('Project not found.');
  return state;
}
