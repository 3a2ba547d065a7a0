import type { Database } from '@strata/database';
import { MESSAGE_PIECE, textPieces } from '@strata/contracts';

const CHUNKS_PER_INSERT = 8;

/**
 * An export file written as it is made: text is gathered until a few chunks' worth and then stored as rows of
 * `export_files` (one statement for the few), so a large project never sits in memory whole. Chunks are sized to
 * leave in one NATS message each (`textPieces`), so the gateway can stream them to the client in order.
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
    const pieces = text.length === 0 ? [] : textPieces(text, MESSAGE_PIECE);
    const rest = all ? undefined : pieces.pop();
    await this.store(pieces);
    this.pending = rest === undefined ? [] : [rest];
    this.pendingChars = rest?.length ?? 0;
  }

  /** One parameter per piece, not a `text[]`: an array literal of megabytes is escaped and parsed again, element by element. */
  private async store(pieces: string[]): Promise<void> {
    if (pieces.length === 0) return;
    const rows = pieces.map((_, i) => `($1, $2::int + ${i}, $${i + 4}, $3)`).join(', ');
    await this.db.query(`INSERT INTO export_files (job_id, chunk, text, expires_at) VALUES ${rows}`, [this.jobId, this.chunks, this.expiresAt, ...pieces]);
    this.chunks += pieces.length;
  }
}
