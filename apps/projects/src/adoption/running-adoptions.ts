import { ConflictError } from '@strata/contracts';
import type { Queryable } from '@strata/database';

/**
 * An environment whose adoption runs, and both its projects, are not deleted meanwhile (409 `adoption_in_progress`):
 * the process would otherwise end failed at the move. Read from `environment_adoptions` just before the deletion.
 */
export async function assertNoAdoptionRunning(db: Queryable, on: { environmentId?: number; projectId?: number }): Promise<void> {
  const rows = await db.query(
    `SELECT 1 FROM environment_adoptions
      WHERE status = 'running' AND (environment_id = $1 OR source_project_id = $2 OR target_project_id = $2) LIMIT 1`,
    [on.environmentId ?? null, on.projectId ?? null],
  );
  if (rows.length > 0) throw new ConflictError('An environment of this project is being moved; try again once it is done.', 'adoption_in_progress');
}
