import type { Transaction } from '@strata/database';

/**
 * Orders a project's removal against definition writes of it: writers hold the project's lock shared, the removal
 * exclusively, each until its transaction ends. So a definition committed just before the removal is seen (and
 * deleted) by it, and one committed just after sees its tombstone — never an orphan row of a deleted project.
 */
export async function lockProjectsShared(tx: Transaction, projectIds: Iterable<number>): Promise<void> {
  const ids = [...new Set(projectIds)].sort((a, b) => a - b);
  if (ids.length === 0) return;
  await tx.query(`SELECT pg_advisory_xact_lock_shared(hashtextextended('taxonomy-project/' || p, 0)) FROM unnest($1::bigint[]) AS p`, [ids]);
}

export async function lockProjectExclusive(tx: Transaction, projectId: number): Promise<void> {
  await tx.query(`SELECT pg_advisory_xact_lock(hashtextextended('taxonomy-project/' || $1::bigint, 0))`, [projectId]);
}
