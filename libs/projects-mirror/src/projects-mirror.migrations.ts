import { type Transaction, sqlMigration } from '@strata/database';

const CreateProjectsMirror = sqlMigration(
  // IF NOT EXISTS: taxonomy created these tables in its own first migration before they moved here.
  `CREATE TABLE IF NOT EXISTS known_projects (
    project_id bigint PRIMARY KEY,
    deleted boolean NOT NULL DEFAULT false
  )`,
  `CREATE TABLE IF NOT EXISTS known_environments (
    environment_id bigint PRIMARY KEY,
    project_id bigint NOT NULL
  )`,
  'CREATE INDEX IF NOT EXISTS known_environments_project ON known_environments (project_id)',
);

/** A service keeping the mirror runs these in its own schema, before its own: `[...projectsMirrorMigrations, …]`. */
export const projectsMirrorMigrations = [{ name: 'projects-mirror-001-tables', class: CreateProjectsMirror }] as const;

/** Empties the mirror, for a rebuild from the first event of the projects stream. */
export async function resetProjectsMirror(tx: Transaction): Promise<void> {
  await tx.query('DELETE FROM known_environments');
  await tx.query('DELETE FROM known_projects');
}
