import type { Database } from '@strata/database';

/** A deleted project's taxonomy is gone: late observations of it record nothing. */
export async function isRemoved(db: Database, projectId: number): Promise<boolean> {
  const rows = await db.query('SELECT 1 FROM removed_projects WHERE project_id = $1', [projectId]);
  return rows.length > 0;
}
