import { isPgError, PgErrorCode, type Transaction } from '@strata/database';
import { ConcurrencyError } from './errors';
import { versionMatches } from './expected-version';
import { STREAM_POSITION_CONSTRAINT } from './migrations';
import { uuidv7 } from './uuid';
import type { AppendResult, Event, EventMetadata, InlineProjection, RecordedEvent, StreamAppend } from './types';

export interface AppendContext {
  schema: string;
  projections: readonly InlineProjection[];
}

interface InsertedRow {
  id: string;
  global_position: string;
  transaction_id: string;
  created_at: Date;
}

/**
 * The body of every append transaction. The order matters: stream locks first (advisory locks assign no xid), so a
 * transaction gets its xid only after every earlier writer of its streams has committed — `readAll`'s
 * transaction-id order then agrees with each stream's positions. It does not NOTIFY: the caller wakes the relay once
 * the transaction has committed (`AppendNotifier` says why).
 */
export async function appendInTransaction<E extends Event>(
  tx: Transaction,
  context: AppendContext,
  appends: readonly StreamAppend<E>[],
  metadata: EventMetadata,
): Promise<AppendResult<E>[]> {
  const streamIds = appends.map((a) => a.streamId);
  assertDistinct(streamIds);
  await lockStreams(tx, context.schema, streamIds);
  const versions = await currentVersions(tx, streamIds);
  for (const append of appends) {
    const actual = versions.get(append.streamId) ?? 0;
    if (!versionMatches(append.expectedVersion, actual)) throw new ConcurrencyError(append.streamId, append.expectedVersion, actual);
  }
  const results = await insertEvents(tx, appends, versions, metadata);
  const recorded = results.flatMap((r) => r.events as RecordedEvent[]);
  if (recorded.length > 0) await applyProjections(tx, context.projections, recorded);
  return results;
}

export function assertDistinct(streamIds: string[]): void {
  if (new Set(streamIds).size !== streamIds.length) throw new Error('appendToStreams: each stream may appear only once');
}

/**
 * An append over more streams than this takes the schema's one exclusive lock instead of a lock per stream: Postgres'
 * lock table holds only so many (`max_locks_per_transaction` × connections, ~6,400 by default), and an import of tens
 * of thousands of streams would exhaust it. Every other append holds the schema lock shared, so the two exclude.
 */
export const BULK_APPEND_STREAMS = 1_000;

/** Sorted by key, so two transactions over overlapping streams lock in the same order and cannot deadlock. */
export async function lockStreams(tx: Transaction, schema: string, streamIds: string[]): Promise<void> {
  if (streamIds.length > BULK_APPEND_STREAMS) {
    await tx.query(`SELECT pg_advisory_xact_lock(hashtextextended($1 || '/*', 0))`, [schema]);
    return;
  }
  await tx.query(
    `SELECT pg_advisory_xact_lock_shared(hashtextextended($1 || '/*', 0)), pg_advisory_xact_lock(k) FROM (
       SELECT DISTINCT hashtextextended($1 || '/' || s, 0) AS k FROM unnest($2::text[]) AS s ORDER BY k
     ) AS sorted`,
    [schema, streamIds],
  );
}

async function currentVersions(tx: Transaction, streamIds: string[]): Promise<Map<string, number>> {
  const rows = await tx.query<{ stream_id: string; version: number }>(
    `SELECT s.id AS stream_id,
            COALESCE((SELECT max(e.stream_position) FROM events e WHERE e.stream_id = s.id), 0) AS version
       FROM unnest($1::text[]) AS s(id)`,
    [streamIds],
  );
  return new Map(rows.map((r) => [r.stream_id, r.version]));
}

async function insertEvents<E extends Event>(
  tx: Transaction,
  appends: readonly StreamAppend<E>[],
  versions: Map<string, number>,
  metadata: EventMetadata,
): Promise<AppendResult<E>[]> {
  const columns: EventColumns = { ids: [], streams: [], positions: [], types: [], data: [] };
  for (const append of appends) {
    let position = versions.get(append.streamId) ?? 0;
    for (const event of append.events) {
      columns.ids.push(uuidv7());
      columns.streams.push(append.streamId);
      columns.positions.push(++position);
      columns.types.push(event.type);
      columns.data.push(JSON.stringify(event.data ?? null));
    }
  }
  const rows = columns.ids.length === 0 ? [] : await insertRows(tx, columns, metadata);
  const byId = new Map(rows.map((r) => [r.id, r]));
  let index = 0;
  return appends.map((append) => {
    const start = versions.get(append.streamId) ?? 0;
    const events = append.events.map((event, i) => {
      const row = byId.get(columns.ids[index++])!;
      return recorded(event, row, append.streamId, start + i + 1, metadata);
    });
    return { streamId: append.streamId, nextVersion: start + events.length, events };
  });
}

export interface EventColumns {
  ids: string[];
  streams: string[];
  positions: number[];
  types: string[];
  data: string[];
}

/** One statement for all rows (RETURNING promises no order: callers match rows by id). */
export async function insertRows(tx: Transaction, columns: EventColumns, metadata: EventMetadata): Promise<InsertedRow[]> {
  return tx.query<InsertedRow>(
    `INSERT INTO events (id, stream_id, stream_position, type, data, metadata)
     SELECT id, stream_id, stream_position, type, data::jsonb, $6::jsonb
       FROM unnest($1::uuid[], $2::text[], $3::int[], $4::text[], $5::text[]) AS u(id, stream_id, stream_position, type, data)
     RETURNING id, global_position, transaction_id::text AS transaction_id, created_at`,
    [columns.ids, columns.streams, columns.positions, columns.types, columns.data, JSON.stringify(metadata)],
  );
}

function recorded<E extends Event>(event: E, row: InsertedRow, streamId: string, position: number, metadata: EventMetadata): RecordedEvent<E> {
  return {
    type: event.type,
    data: event.data,
    id: row.id,
    streamId,
    streamPosition: position,
    globalPosition: Number(row.global_position),
    transactionId: row.transaction_id,
    metadata,
    createdAt: row.created_at,
  } as RecordedEvent<E>;
}

export async function applyProjections(tx: Transaction, projections: readonly InlineProjection[], events: RecordedEvent[]): Promise<void> {
  for (const projection of projections) {
    const handled = events.filter((e) => projection.handles.includes(e.type));
    if (handled.length > 0) await projection.apply(handled, tx);
  }
}

/** The unique constraint is the backstop should a writer ever bypass the stream locks. */
export function isStreamPositionConflict(error: unknown): boolean {
  return isPgError(error, PgErrorCode.uniqueViolation) && error.constraint === STREAM_POSITION_CONSTRAINT;
}
