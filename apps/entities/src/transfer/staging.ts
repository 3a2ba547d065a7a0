import { ConflictError, NotFoundError, ValidationError } from '@strata/contracts';
import type { Database } from '@strata/database';

/**
 * An import file's text, staged in chunks (`import_staging`) so no message carries more than one NATS message: a
 * chunk stored twice (a resumed job re-staging) is stored once; the text is joined in chunk order when applied.
 */

export interface StagedChunk {
  importId: string;
  projectId: number;
  chunk: number;
  chunks: number;
  text: string;
}

/** Stores the chunk (idempotently) and answers how many chunks of the import are staged. */
export async function stageChunk(db: Database, staged: StagedChunk): Promise<number> {
  const { importId, projectId, chunk, chunks, text } = staged;
  const [other] = await db.query<{ project_id: string; chunks: number }>('SELECT project_id, chunks FROM import_staging WHERE import_id = $1 LIMIT 1', [importId]);
  if (other !== undefined && (Number(other.project_id) !== projectId || other.chunks !== chunks)) {
    throw new ConflictError(`Import ${importId} is staged with other chunks or for another project.`, 'staging_mismatch');
  }
  await db.query(
    `INSERT INTO import_staging (import_id, project_id, chunk, chunks, text) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (import_id, chunk) DO UPDATE SET text = EXCLUDED.text, staged_at = now()`,
    [importId, projectId, chunk, chunks, text],
  );
  const [row] = await db.query<{ n: string }>('SELECT count(*) AS n FROM import_staging WHERE import_id = $1', [importId]);
  return Number(row.n);
}

/** The whole text, once every chunk is staged (400 otherwise; 404 when nothing is staged for the project). */
export async function stagedText(db: Database, importId: string, projectId: number): Promise<string> {
  const rows = await db.query<{ chunk: number; chunks: number; text: string }>(
    'SELECT chunk, chunks, text FROM import_staging WHERE import_id = $1 AND project_id = $2 ORDER BY chunk',
    [importId, projectId],
  );
  if (rows.length === 0) throw new NotFoundError(`Nothing is staged for import ${importId}.`);
  if (rows.length !== rows[0].chunks) throw new ValidationError(`Import ${importId} has ${rows.length} of ${rows[0].chunks} chunks staged.`, 'importId', 'incomplete_staging');
  return rows.map((row) => row.text).join('');
}

export async function discardStaged(db: Database, importId: string, projectId: number): Promise<void> {
  await db.query('DELETE FROM import_staging WHERE import_id = $1 AND project_id = $2', [importId, projectId]);
}
