import type { Queryable } from '@strata/database';

/** The next id of the sequence projects and environments share (SPEC §1). A failed command leaves a gap: harmless. */
export async function nextProjectEnvironmentId(db: Queryable): Promise<number> {
  const [row] = await db.query<{ id: string }>("SELECT nextval('project_environment_ids') AS id");
  return Number(row.id);
}
