import { NotFoundError, projects } from '@strata/contracts';
import type { Database } from '@strata/database';
import type { Services } from '../access/services';

/**
 * The environments an import job created (`import_environments`). Each name is written down before its environment
 * is created, so an attempt that died in between is still known to have made it: a resumed attempt reuses it (found
 * by name), its summary counts it as created, and a failed import removes it.
 */
export class CreatedEnvironments {
  constructor(
    private readonly db: Database,
    private readonly jobId: string,
  ) {}

  async creating(name: string): Promise<void> {
    await this.db.query('INSERT INTO import_environments (job_id, name) VALUES ($1, $2) ON CONFLICT DO NOTHING', [this.jobId, name]);
  }

  async created(name: string, environmentId: number): Promise<void> {
    await this.db.query('UPDATE import_environments SET environment_id = $3 WHERE job_id = $1 AND name = $2', [this.jobId, name, environmentId]);
  }

  /** The names the job created, of those the file names now (`ids`: name → the environment it has). */
  async names(ids: Record<string, number>): Promise<string[]> {
    const rows = await this.db.query<{ name: string }>('SELECT name FROM import_environments WHERE job_id = $1', [this.jobId]);
    return rows.map((row) => row.name).filter((name) => ids[name] !== undefined);
  }

  /** Removes what the job created (a failed import leaves nothing of its own behind), then forgets it. */
  async remove(services: Services, principal: projects.Principal): Promise<string[]> {
    const rows = await this.db.query<{ name: string; environment_id: string | null }>('SELECT name, environment_id FROM import_environments WHERE job_id = $1', [this.jobId]);
    for (const row of rows) {
      if (row.environment_id === null) continue;
      await services.call(projects.ProjectsSubjects.deleteEnvironment, { principal, environmentId: Number(row.environment_id) }).catch((error: unknown) => {
        if (!(error instanceof NotFoundError)) throw error;
      });
    }
    await this.forget();
    return rows.filter((row) => row.environment_id !== null).map((row) => row.name);
  }

  async forget(): Promise<void> {
    await this.db.query('DELETE FROM import_environments WHERE job_id = $1', [this.jobId]);
  }
}
