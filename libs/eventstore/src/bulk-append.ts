import type { Transaction } from '@strata/database';
import { applyProjections, assertDistinct, insertRows, lockStreams, type AppendContext, type EventColumns } from './append';
import { ConcurrencyError } from './errors';
import { uuidv7 } from './uuid';
import type { Event, EventMetadata, ExpectedVersion, RecordedEvent, StreamAppend } from './types';

/**
 * A decision that creates or changes thousands of streams at once (an import, an adoption, a copy), appended with the
 * same guarantees as `appendToStreams` — stream locks, every expected version checked, one transaction, inline
 * projections, outbox order — but set-based and in bounded pieces: one statement checks every stream's version and
 * answers only the streams that fail, events are inserted and projected a piece at a time, and the recorded events
 * are not kept (the caller learns each stream's next version, not its events).
 */

/** Events per INSERT (and per projection call): bounds the parameters and recorded events held at once. */
export const BULK_PIECE_EVENTS = 5_000;

export interface BulkAppendResult {
  /** Each stream's version after the append, in the order given. */
  nextVersions: number[];
  events: number;
}

export async function bulkAppendInTransaction<E extends Event>(
  tx: Transaction,
  context: AppendContext,
  appends: readonly StreamAppend<E>[],
  metadata: EventMetadata,
  pieceEvents = BULK_PIECE_EVENTS,
): Promise<BulkAppendResult> {
  const streamIds = appends.map((a) => a.streamId);
  assertDistinct(streamIds);
  await lockStreams(tx, context.schema, streamIds);
  const versions = await checkedVersions(tx, appends);
  let events = 0;
  for (const [from, to] of piecesOf(appends, pieceEvents)) {
    const columns: EventColumns = { ids: [], streams: [], positions: [], types: [], data: [] };
    const decided: { event: E; streamId: string; position: number }[] = [];
    for (let n = from; n < to; n++) {
      const append = appends[n];
      const start = versions[n];
      append.events.forEach((event, i) => {
        decided.push({ event, streamId: append.streamId, position: start + i + 1 });
        columns.ids.push(uuidv7());
        columns.streams.push(append.streamId);
        columns.positions.push(start + i + 1);
        columns.types.push(event.type);
        columns.data.push(JSON.stringify(event.data ?? null));
      });
    }
    if (decided.length === 0) continue;
    const rows = new Map((await insertRows(tx, columns, metadata)).map((row) => [row.id, row]));
    const recorded = decided.map(({ event, streamId, position }, i): RecordedEvent => {
      const row = rows.get(columns.ids[i])!;
      return { type: event.type, data: event.data, id: row.id, streamId, streamPosition: position, globalPosition: Number(row.global_position), transactionId: row.transaction_id, metadata, createdAt: row.created_at };
    });
    await applyProjections(tx, context.projections, recorded);
    events += decided.length;
  }
  return { nextVersions: appends.map((append, i) => versions[i] + append.events.length), events };
}

/**
 * Every stream's version before the append, from one statement that compares each expected version in SQL and answers
 * only the streams that need a look: those that fail (a `ConcurrencyError` for the first) and those expected at `any`
 * or `stream_exists`, whose version is not known beforehand. A stream expected at a number or at `no_stream` that
 * passes is at that version.
 */
async function checkedVersions(tx: Transaction, appends: readonly StreamAppend[]): Promise<number[]> {
  const rows = await tx.query<{ n: number; version: number }>(
    `SELECT s.n::int AS n, v.version FROM unnest($1::text[], $2::text[]) WITH ORDINALITY AS s(id, expected, n)
       CROSS JOIN LATERAL (SELECT COALESCE(max(stream_position), 0) AS version FROM events e WHERE e.stream_id = s.id) AS v
      WHERE CASE s.expected WHEN 'any' THEN true WHEN 'stream_exists' THEN true WHEN 'no_stream' THEN v.version <> 0
                             ELSE s.expected::int <> v.version END
      ORDER BY s.n`,
    [appends.map((a) => a.streamId), appends.map((a) => expectedText(a.expectedVersion))],
  );
  const versions = appends.map((a) => (typeof a.expectedVersion === 'number' ? a.expectedVersion : 0));
  for (const { n, version } of rows) {
    const append = appends[n - 1];
    if (append.expectedVersion === 'stream_exists' ? version === 0 : append.expectedVersion !== 'any') {
      throw new ConcurrencyError(append.streamId, append.expectedVersion, version);
    }
    versions[n - 1] = version;
  }
  return versions;
}

function expectedText(expected: ExpectedVersion): string {
  return typeof expected === 'number' ? String(expected) : expected;
}

/** Ranges `[from, to)` of consecutive appends of about `pieceEvents` events each (a stream is never split). */
export function* piecesOf(appends: readonly StreamAppend[], pieceEvents: number): Generator<[number, number]> {
  let from = 0;
  let events = 0;
  for (let i = 0; i < appends.length; i++) {
    if (i > from && events + appends[i].events.length > pieceEvents) {
      yield [from, i];
      from = i;
      events = 0;
    }
    events += appends[i].events.length;
  }
  if (appends.length > from) yield [from, appends.length];
}
