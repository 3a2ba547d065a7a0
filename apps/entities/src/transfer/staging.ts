import { ConflictError, NotFoundError, ValidationError, type exportFormat } from '@strata/contracts';
import type { Database } from '@strata/database';
import { ExportFileReader, validated } from '@strata/rules';

/**
 * An import file's text, staged in chunks (`import_staging`) so no message carries more than one NATS message: a
 * chunk stored twice (a resumed job re-staging) is stored once. When applied, the chunks are read back a few at a
 * time, in order, into the streaming reader: the text is never joined, nor the document parsed whole.
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

/** Chunks read back per query: a megabyte or so. */
const CHUNKS_PER_READ = 16;

/**
 * The staged file, read and validated a chunk at a time, once every chunk is staged (400 otherwise; 404 when nothing
 * is staged for the project). The export service validated it before staging; this guards against anything else
 * reaching the store.
 */
export async function stagedFile(db: Database, importId: string, projectId: number): Promise<exportFormat.ExportFile> {
  const [first] = await db.query<{ chunks: number; staged: number }>(
    'SELECT min(chunks) AS chunks, count(*)::int AS staged FROM import_staging WHERE import_id = $1 AND project_id = $2',
    [importId, projectId],
  );
  if (first === undefined || first.staged === 0) throw new NotFoundError(`Nothing is staged for import ${importId}.`);
  if (first.staged !== first.chunks) throw new ValidationError(`Import ${importId} has ${first.staged} of ${first.chunks} chunks staged.`, 'importId', 'incomplete_staging');
  const reader = new ExportFileReader({ maxBytes: Number.MAX_SAFE_INTEGER });
  for (let from = 0; from < first.chunks; from += CHUNKS_PER_READ) {
    const rows = await db.query<{ text: string }>(
      'SELECT text FROM import_staging WHERE import_id = $1 AND project_id = $2 AND chunk >= $3 AND chunk < $4 ORDER BY chunk',
      [importId, projectId, from, from + CHUNKS_PER_READ],
    );
    for (const row of rows) reader.write(row.text);
  }
  const validation = validated(reader.end());
  if (validation.ok) return validation.file;
  throw new ValidationError('The staged file is not a valid export.', null, 'invalid_file', { problems: validation.problems });
}

export async function discardStaged(db: Database, importId: string, projectId: number): Promise<void> {
  await db.query('DELETE FROM import_staging WHERE import_id = $1 AND project_id = $2', [importId, projectId]);
}
