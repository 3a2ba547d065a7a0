import { isPgError, PgErrorCode, type Database, type Transaction } from '@strata/database';
import { foldEvents, type AggregateState, type Evolver } from './aggregate';
import { appendInTransaction, isStreamPositionConflict, type AppendContext } from './append';
import { appendNotifier, type AppendNotifier } from './append-notifier';
import { bulkAppendInTransaction, type BulkAppendResult } from './bulk-append';
import { ConcurrencyError, UniqueViolationError } from './errors';
import { readAll, type ReadAllOptions, type ReadAllResult } from './read-all';
import { appendChannel, EVENT_COLUMNS, toRecordedEvent, type EventRow } from './rows';
import type { AppendResult, Event, EventMetadata, ExpectedVersion, InlineProjection, StreamAppend, StreamSlice } from './types';

export interface EventStoreOptions {
  /** Read models updated in every append's transaction. */
  projections?: readonly InlineProjection[];
  /**
   * What every event records about its cause (SPEC §3: correlation id, causation id, actor), read at append time —
   * the service kit reads the request context; an append's own `metadata` is added over it.
   */
  metadata?: () => EventMetadata;
  /**
   * Unique constraints of the read models that back a rule across streams, and the error each means to a client
   * (`users_email_unique` → 409 `email_taken`). Any other violation is a `UniqueViolationError`, retried as a race.
   */
  uniqueConflicts?: Readonly<Record<string, () => Error>>;
}

export interface ReadStreamOptions {
  /** First position to return (inclusive, 1-based); default 1. */
  fromPosition?: number;
  maxCount?: number;
}

export interface AppendOptions {
  expectedVersion: ExpectedVersion;
  metadata?: EventMetadata;
}

/** The service's event store: the `events` table of its schema, which is also its outbox. */
export class PostgresEventStore {
  private readonly context: AppendContext;
  private readonly notifier: AppendNotifier;

  constructor(
    readonly db: Database,
    private readonly options: EventStoreOptions = {},
  ) {
    this.context = { schema: db.schema, projections: options.projections ?? [] };
    this.notifier = appendNotifier(db.pool, appendChannel(db.schema));
  }

  /** One statement, so the version and the events come from the same snapshot. */
  async readStream<E extends Event = Event>(streamId: string, options: ReadStreamOptions = {}): Promise<StreamSlice<E>> {
    const rows = await this.db.query<EventRow & { version: number | null }>(
      `SELECT v.version, e.* FROM
         (SELECT max(stream_position) AS version FROM events WHERE stream_id = $1) AS v
         LEFT JOIN LATERAL (
           SELECT ${EVENT_COLUMNS} FROM events
            WHERE stream_id = $1 AND stream_position >= $2
            ORDER BY stream_position LIMIT $3
         ) AS e ON true`,
      [streamId, options.fromPosition ?? 1, options.maxCount ?? null],
    );
    const events = rows.filter((r) => r.id !== null).map((r) => toRecordedEvent(r) as StreamSlice<E>['events'][number]);
    return { version: rows[0]?.version ?? 0, events };
  }

  /**
   * A stream folded with `evolve` from the initial state (emmett's `aggregateStream`), and the version that state is
   * at — the expected version of an append decided on it. A `Decider` serves as the evolver.
   */
  async aggregateStream<State, E extends Event>(streamId: string, evolver: Evolver<State, E>): Promise<AggregateState<State>> {
    const { events, version } = await this.readStream<E>(streamId);
    return { state: foldEvents(events, evolver), version };
  }

  /** A stream's current version (0 = no stream) without reading its events: for streams only ever guarded. */
  async streamVersion(streamId: string): Promise<number> {
    const [row] = await this.db.query<{ version: number | null }>('SELECT max(stream_position) AS version FROM events WHERE stream_id = $1', [streamId]);
    return row?.version ?? 0;
  }

  async appendToStream<E extends Event>(streamId: string, events: readonly E[], options: AppendOptions): Promise<AppendResult<E>> {
    const [result] = await this.appendToStreams([{ streamId, expectedVersion: options.expectedVersion, events }], options);
    return result;
  }

  /**
   * All streams in one transaction: every expected version holds and all events are stored, or nothing is. Once it
   * has committed, the relay is woken (after the commit, not in it: see `AppendNotifier`).
   */
  async appendToStreams<E extends Event>(appends: readonly StreamAppend<E>[], options: { metadata?: EventMetadata } = {}): Promise<AppendResult<E>[]> {
    const metadata = { ...this.options.metadata?.(), ...options.metadata };
    try {
      return await this.transaction(
        (tx) => appendInTransaction(tx, this.context, appends, metadata),
        (results) => results.some((r) => r.events.length > 0),
      );
    } catch (error) {
      throw this.conflictOf(error, appends);
    }
  }

  /**
   * `appendToStreams` for decisions over thousands of streams (`bulkAppendInTransaction`): the same guarantees,
   * set-based and in bounded pieces, answering each stream's next version instead of its recorded events.
   */
  async appendBulk<E extends Event>(appends: readonly StreamAppend<E>[], options: { metadata?: EventMetadata } = {}): Promise<BulkAppendResult> {
    const metadata = { ...this.options.metadata?.(), ...options.metadata };
    try {
      return await this.transaction(
        (tx) => bulkAppendInTransaction(tx, this.context, appends, metadata),
        (result) => result.events > 0,
      );
    } catch (error) {
      throw this.conflictOf(error, appends);
    }
  }

  /** A lost race on a stream position is a `ConcurrencyError`; a read model's unique backstop, what it means. */
  private conflictOf(error: unknown, appends: readonly StreamAppend[]): unknown {
    if (!isPgError(error, PgErrorCode.uniqueViolation)) return error;
    if (isStreamPositionConflict(error)) {
      const first = appends[0];
      return new ConcurrencyError(appends.length === 1 ? first.streamId : appends.map((a) => a.streamId).join(','), first.expectedVersion, null);
    }
    const mapped = this.options.uniqueConflicts?.[error.constraint ?? ''];
    return mapped ? mapped() : new UniqueViolationError(error.constraint ?? null);
  }

  /**
   * `Database.transaction`, except that the connection, once COMMIT has returned, goes to the notifier to wake the
   * relay (and is released by it) — the caller does not wait for that.
   */
  private async transaction<R>(work: (tx: Transaction) => Promise<R>, wrote: (results: R) => boolean): Promise<R> {
    const client = await this.db.connect();
    let results: R;
    try {
      await client.query('BEGIN');
      results = await work({ query: async <Row>(sql: string, params: readonly unknown[] = []) => (await client.query(sql, params as unknown[])).rows as Row[] });
      await client.query('COMMIT');
    } catch (error) {
      const rolledBack = await client.query('ROLLBACK').then(() => true, () => false);
      client.release(!rolledBack);
      throw error;
    }
    if (wrote(results)) this.notifier.afterCommit(client);
    else client.release();
    return results;
  }

  /** Committed events in commit-safe order after a checkpoint (see `readAll`). */
  readAll(options: ReadAllOptions): Promise<ReadAllResult> {
    return readAll(this.db, options);
  }
}
