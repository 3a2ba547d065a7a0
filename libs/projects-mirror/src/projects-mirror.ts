import { projects } from '@strata/contracts';
import type { Queryable } from '@strata/database';
import type { RpcClient } from '@strata/messaging';

const S = projects.ProjectsLocateSubjects;

/**
 * A service's copy of where projects' environments are, fed by `projectsMirrorConsumer`. The copy may be behind the
 * projects service (an environment created a moment ago): a lookup it cannot answer asks the owner before saying
 * "unknown" (SPEC §3 read-your-writes). Answers from the owner are not written back: the consumer alone keeps the
 * copy, so a later deletion can never be overwritten by an older answer.
 */
export class ProjectsMirror {
  constructor(
    private readonly db: Queryable,
    private readonly owner: RpcClient,
  ) {}

  /** The project of the environment; `undefined` when neither the copy nor the owner knows it (absent or deleted). */
  async projectOfEnvironment(environmentId: number): Promise<number | undefined> {
    const rows = await this.db.query<{ project_id: string }>('SELECT project_id FROM known_environments WHERE environment_id = $1', [environmentId]);
    if (rows.length > 0) return Number(rows[0].project_id);
    const { environment } = await this.owner.request<projects.LocateEnvironmentResponse>(S.locateEnvironment, { environmentId });
    return environment?.projectId;
  }

  /** Whether the project is gone or going (its deletion was requested), or was never there. */
  async isProjectRemoved(projectId: number): Promise<boolean> {
    const rows = await this.db.query<{ deleted: boolean }>('SELECT deleted FROM known_projects WHERE project_id = $1', [projectId]);
    if (rows.length > 0) return rows[0].deleted;
    const project = await this.locateProject(projectId);
    return project === null || project.deletionRequested;
  }

  /** The project's environments, in id order; none for a project the copy and the owner do not know. */
  async environmentsOf(projectId: number): Promise<number[]> {
    const known = await this.db.query<{ environment_ids: string[] | null }>(
      `SELECT (SELECT array_agg(environment_id ORDER BY environment_id) FROM known_environments e WHERE e.project_id = p.project_id) AS environment_ids
         FROM known_projects p WHERE p.project_id = $1`,
      [projectId],
    );
    if (known.length > 0) return (known[0].environment_ids ?? []).map(Number);
    const project = await this.locateProject(projectId);
    return [...(project?.environmentIds ?? [])].sort((a, b) => a - b);
  }

  private async locateProject(projectId: number): Promise<projects.ProjectLocation | null> {
    return (await this.owner.request<projects.LocateProjectResponse>(S.locateProject, { projectId })).project;
  }
}
