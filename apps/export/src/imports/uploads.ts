import { exportJobs, ValidationError } from '@strata/contracts';
import type { Database } from '@strata/database';

/**
 * The pieces of an import file, stored as the gateway sends them (`export.imports.upload`) and read back a few at a
 * time: the file is never whole in this service's memory.
 */

/** Pieces read back per query: a megabyte or so. */
const PIECES_PER_READ = 16;

export async function storeUploadChunk(db: Database, request: Pick<exportJobs.UploadImportRequest, 'uploadId' | 'chunk' | 'text'>, userId: string): Promise<number> {
  // Only the uploader may add to or replace pieces of an upload.
  await db.query(
    `INSERT INTO import_uploads (upload_id, chunk, user_id, text) VALUES ($1, $2, $3, $4)
     ON CONFLICT (upload_id, chunk) DO UPDATE SET text = EXCLUDED.text WHERE import_uploads.user_id = EXCLUDED.user_id`,
    [request.uploadId, request.chunk, userId, request.text],
  );
  return request.chunk + 1;
}

/** How many pieces of the upload are stored. */
export async function uploadedChunks(db: Database, uploadId: string): Promise<number> {
  const [row] = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM import_uploads WHERE upload_id = $1', [uploadId]);
  return row?.n ?? 0;
}

/**
 * The upload's `chunks` pieces in order, a few read at a time; a missing piece is `incompleteUpload()`. `userId`: only
 * the uploader's own.
 */
export async function* uploadedPieces(db: Database, uploadId: string, chunks: number, userId?: string): AsyncGenerator<{ chunk: number; text: string }> {
  for (let first = 0; first < chunks; first += PIECES_PER_READ) {
    const last = Math.min(first + PIECES_PER_READ, chunks);
    const rows = await db.query<{ chunk: number; text: string }>(
      'SELECT chunk, text FROM import_uploads WHERE upload_id = $1 AND chunk >= $2 AND chunk < $3 AND ($4::uuid IS NULL OR user_id = $4) ORDER BY chunk',
      [uploadId, first, last, userId ?? null],
    );
    if (rows.length !== last - first) throw incompleteUpload();
    yield* rows;
  }
}

export async function discardUpload(db: Database, uploadId: string): Promise<void> {
  await db.query('DELETE FROM import_uploads WHERE upload_id = $1', [uploadId]);
}

export function incompleteUpload(): ValidationError {
  return new ValidationError(`The file has not been uploaded completely (pieces of at most ${exportJobs.TRANSFER_CHUNK_CHARS} characters).`, 'data', 'incomplete_upload');
}
