import { exportJobs, ValidationError } from '@strata/contracts';
import type { Database } from '@strata/database';

/** The pieces of an import file, as the gateway sent them (`export.imports.upload`). */
export async function storeUploadChunk(db: Database, request: Omit<exportJobs.UploadImportRequest, 'principal'>, userId: string): Promise<number> {
  // Only the uploader may add to or replace pieces of an upload.
  await db.query(
    `INSERT INTO import_uploads (upload_id, chunk, chunks, user_id, text) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (upload_id, chunk) DO UPDATE SET text = EXCLUDED.text, chunks = EXCLUDED.chunks
     WHERE import_uploads.user_id = EXCLUDED.user_id`,
    [request.uploadId, request.chunk, request.chunks, userId, request.text],
  );
  const [row] = await db.query<{ received: number }>('SELECT count(*)::int AS received FROM import_uploads WHERE upload_id = $1 AND user_id = $2', [
    request.uploadId,
    userId,
  ]);
  return row?.received ?? 0;
}

/** The whole text of an upload, or undefined while a piece is missing. `userId`: only the uploader's own. */
export async function uploadedText(db: Database, uploadId: string, userId?: string): Promise<string | undefined> {
  const rows = await db.query<{ chunk: number; chunks: number; text: string }>(
    'SELECT chunk, chunks, text FROM import_uploads WHERE upload_id = $1 AND ($2::uuid IS NULL OR user_id = $2) ORDER BY chunk',
    [uploadId, userId ?? null],
  );
  const complete = rows.length > 0 && rows.length === rows[0].chunks && rows.every((row, index) => row.chunk === index);
  return complete ? rows.map((row) => row.text).join('') : undefined;
}

export async function discardUpload(db: Database, uploadId: string): Promise<void> {
  await db.query('DELETE FROM import_uploads WHERE upload_id = $1', [uploadId]);
}

export function incompleteUpload(): ValidationError {
  return new ValidationError(`The file has not been uploaded completely (pieces of at most ${exportJobs.TRANSFER_CHUNK_CHARS} characters).`, 'data', 'incomplete_upload');
}
