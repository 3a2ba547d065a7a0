import type { Database } from '@strata/database';
import { MESSAGE_PIECE, messagePieces } from '../jobs/message-pieces';

const CHUNKS_PER_INSERT = 8;

/**
 * An export file written as it is made: text is gathered until a few chunks' worth and then stored as rows of
 * `export_files` (one statement for the few), so a large project never sits in memory whole. Chunks are sized to
 * leave in one NATS message each (`messagePieces`), so the gateway can stream them to the client in order.
 */
export class ExportFileWriter {
  private pending: string[] = [];
  private pendingChars = 0;
  private chunks = 0;
  private bytes = 0;

  constructor(
    private readonly db: Database,
    private readonly jobId: string,
    private readonly expiresAt: Date,
  ) {}

  /** A resumed job starts its file again. */
  async begin(): Promise<void> {
    await this.db.query('DELETE FROM export_files WHERE job_id = $1', [this.jobId]);
  }

  async write(text: string): Promise<void> {
    this.pending.push(text);
    this.pendingChars += text.length;
    this.bytes += Buffer.byteLength(text);
    if (this.pendingChars >= CHUNKS_PER_INSERT * MESSAGE_PIECE.maxChars) await this.flush(false);
  }

  async end(): Promise<{ bytes: number; chunks: number }> {
    await this.flush(true);
    return { bytes: this.bytes, chunks: this.chunks };
  }

  /** Stores the pending text as pieces; all but the last unless `all`, which may grow yet. */
  private async flush(all: boolean): Promise<void> {
    const text = this.pending.join('');
    const pieces = text.length === 0 ? [] : messagePieces(text);
    const rest = all ? undefined : pieces.pop();
    await this.store(pieces);
    this.pending = rest === undefined ? [] : [rest];
    this.pendingChars = rest?.length ?? 0;
  }

  private async store(pieces: string[]): Promise<void> {
    if (pieces.length === 0) return;
    await this.db.query(
      'INSERT INTO export_files (job_id, chunk, text, expires_at) SELECT $1, $2 + p.i - 1, p.text, $4 FROM unnest($3::text[]) WITH ORDINALITY AS p(text, i)',
      [this.jobId, this.chunks, pieces, this.expiresAt],
    );
    this.chunks += pieces.length;
  }
}
