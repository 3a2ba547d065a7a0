import { randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import { exportJobs, textPieces, utf8Length, ValidationError, type projects } from '@strata/contracts';
import { JsonStreamReader, JsonSyntaxError, type PieceSink } from '@strata/rules';
import type { z } from 'zod';
import { parseInput } from '../http/validation';
import type { ServiceClient } from '../service-client';

const S = exportJobs.ExportJobsSubjects;

/**
 * Characters per piece: well under `TRANSFER_CHUNK_CHARS`, so that a piece, its message and the message's bytes stay
 * under V8's large-object size (128 KB) even JSON-escaped or two bytes a character — young garbage, collected at once,
 * rather than large objects that stay until a full collection (a gateway uploading 110 MB grew by hundreds of MB).
 */
const UPLOAD_PIECE_CHARS = 48 * 1024;
/** Pieces in flight at once: enough to keep the export service busy, few enough that their messages are not all in memory. */
const PIECES_IN_FLIGHT = 8;
/** Past this, a refused body is not read to the end: the connection is closed instead. */
const MAX_DRAINED_BYTES = 256 * 1024 * 1024;

export interface Uploaded {
  uploadId: string;
  chunks: number;
  bytes: number;
  /** The request's fields; `data` stands for the file, which went to the export service. */
  fields: z.output<typeof exportJobs.http.createImport>;
}

/**
 * An import request's body `{strategy, dry_run, data}` read as it arrives (SPEC §6): `data` — the file as a JSON value,
 * or its text as a JSON string — is passed on to the export service in message-sized pieces as they come (its text
 * as sent, or the string's content decoded), never held whole; the other fields are read and checked at the end. A
 * piece that takes the file over the export service's limit is refused there, and the upload stops with its 413.
 * A client gone midway leaves the pieces sent so far, which the export service sweeps once idle (`UPLOAD_TTL_MS`).
 */
export async function uploadImport(client: ServiceClient, principal: projects.Principal, body: Readable): Promise<Uploaded> {
  const upload = new UploadPieces(client, principal);
  const fields: Record<string, unknown> = {};
  const reader = new JsonStreamReader({
    descend: (path, kind) => path.length === 0 && kind === 'object',
    value: (path, value) => {
      if (path.length === 1) fields[path[0]] = value;
    },
    pass: (path, kind) => {
      if (path.length !== 1 || path[0] !== 'data' || kind === 'array') return undefined;
      fields.data = kind === 'string' ? '' : {}; // stands for the file in the check of the fields
      return upload;
    },
  });
  const decoder = new StringDecoder('utf8');
  let refused: unknown;
  let received = 0;
  for await (const chunk of body) {
    received += (chunk as Buffer).length;
    // Refused: the rest is read and dropped (up to a bound), so that the client, still sending, reads the answer.
    if (refused !== undefined) {
      if (received > MAX_DRAINED_BYTES) break;
      continue;
    }
    refused = await refusalOf(async () => {
      reader.write(decoder.write(chunk as Buffer));
      await upload.sendReady();
    });
  }
  refused ??= await refusalOf(async () => {
    reader.write(decoder.end());
    reader.end();
  });
  if (refused !== undefined) throw refused;
  const checked = parseInput(exportJobs.http.createImport, fields);
  await upload.sendReady(true);
  return { uploadId: upload.uploadId, chunks: upload.chunks, bytes: upload.bytes, fields: checked };
}

async function refusalOf(work: () => Promise<void>): Promise<unknown> {
  try {
    await work();
    return undefined;
  } catch (error) {
    return error instanceof JsonSyntaxError ? new ValidationError(`Malformed JSON: ${error.message}`, null, 'parse_error') : error;
  }
}

/** The file's text cut into pieces of at most `UPLOAD_PIECE_CHARS` (never inside a surrogate pair), sent a few at a time. */
class UploadPieces implements PieceSink {
  readonly uploadId = randomUUID();
  chunks = 0;
  bytes = 0;
  private pending = '';
  private ended = false;
  private readonly inFlight = new Set<Promise<unknown>>();
  private failure: unknown;

  constructor(
    private readonly client: ServiceClient,
    private readonly principal: projects.Principal,
  ) {}

  piece(text: string): void {
    this.pending += text;
  }

  end(): void {
    this.ended = true;
  }

  /** Sends the whole pieces held (and, at the end, the rest), waiting while `PIECES_IN_FLIGHT` are on their way. */
  async sendReady(last = false): Promise<void> {
    const max = UPLOAD_PIECE_CHARS;
    if (this.pending.length >= max || ((last || this.ended) && (this.pending !== '' || this.chunks === 0))) {
      const pieces = textPieces(this.pending, { maxChars: max });
      // A short last piece waits for more text, unless the file has ended.
      const waits = !last && !this.ended && pieces[pieces.length - 1].length < max;
      this.pending = waits ? (pieces.pop() as string) : '';
      for (const text of pieces) await this.send(text);
    }
    if (last) await Promise.all(this.inFlight);
    if (this.failure !== undefined) throw this.failure;
  }

  private async send(text: string): Promise<void> {
    while (this.inFlight.size >= PIECES_IN_FLIGHT) await Promise.race(this.inFlight);
    if (this.failure !== undefined) throw this.failure;
    const request = { principal: this.principal, uploadId: this.uploadId, chunk: this.chunks++, offset: this.bytes, text };
    this.bytes += utf8Length(text);
    const sent = this.client.call(S.uploadImport, request).then(
      () => undefined,
      (error: unknown) => {
        this.failure ??= error;
      },
    );
    this.inFlight.add(sent);
    void sent.finally(() => this.inFlight.delete(sent));
  }
}
