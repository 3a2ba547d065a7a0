import { isDeepStrictEqual } from 'node:util';
import type { ActivityAction, ActivityFilter, ActivityRecord, CursorPage, FieldChange } from '@strata/contracts';
import { type Database, type Transaction, sqlMigration } from '@strata/database';
import type { InlineProjection, RecordedEvent } from '@strata/eventstore';

/**
 * A service's change log (SPEC §10) as a read model: `change_log`, an entry per change with its actor, correlation id,
 * field changes and the state of what it changed afterwards (so any version reads back as it was). A service says how
 * its events become entries (`entryOf`, pure); the kit keeps the table in the append's transaction — one read of the
 * states a batch's subjects had, one insert — and answers its pages, newest first.
 */

export interface ChangeLogEntry<State> {
  projectId: number;
  /** `null`: a change of the project as a whole (seen from every environment of it). */
  environmentId: number | null;
  /** What the entry is a version of (a stream, or a part of one): its previous state is the last entry's of it. */
  subject: string;
  kind: string;
  entityId: string;
  name: string | null;
  action: ActivityAction;
  changes: FieldChange[];
  state: State | null;
}

export interface Known<State> {
  state(subject: string): State | null;
}

export interface ChangeLogModel<E, State> {
  handles: readonly string[];
  /** The subjects whose last states `entryOf` may ask about for this event. */
  subjectsOf(event: RecordedEvent<E & { type: string; data: unknown }>): string[];
  entryOf(event: RecordedEvent<E & { type: string; data: unknown }>, known: Known<State>): ChangeLogEntry<State> | null;
}

export const CreateChangeLog = sqlMigration(
  `CREATE TABLE change_log (
    position bigint PRIMARY KEY,
    id uuid NOT NULL,
    at timestamptz NOT NULL,
    project_id bigint NOT NULL,
    environment_id bigint,
    subject text NOT NULL,
    version integer NOT NULL,
    kind text NOT NULL,
    entity_id text NOT NULL,
    name text,
    action text NOT NULL,
    actor uuid,
    correlation_id text,
    changes jsonb NOT NULL,
    state jsonb
  )`,
  'CREATE INDEX change_log_environment ON change_log (environment_id, position) WHERE environment_id IS NOT NULL',
  'CREATE INDEX change_log_project ON change_log (project_id, position) WHERE environment_id IS NULL',
  'CREATE INDEX change_log_subject ON change_log (subject, position)',
);

type Row<State> = ChangeLogEntry<State> & { position: number; id: string; at: Date; version: number; actor: string | null; correlationId: string | null };

const ACTOR = /^user:([0-9a-f-]{36})$/;

export function changeLogProjection<E extends { type: string; data: unknown }, State>(model: ChangeLogModel<E, State>): InlineProjection {
  return {
    name: 'change_log',
    handles: model.handles,
    async apply(events: RecordedEvent[], tx: Transaction): Promise<void> {
      const batch = events as RecordedEvent<E>[];
      const states = await latestStates<State>(tx, [...new Set(batch.flatMap((event) => model.subjectsOf(event)))]);
      const known: Known<State> = { state: (subject) => states.get(subject) ?? null };
      const rows: Row<State>[] = [];
      for (const event of batch) {
        const entry = model.entryOf(event, known);
        if (entry === null) continue;
        const actor = ACTOR.exec(String(event.metadata.actor ?? ''))?.[1] ?? null;
        const correlationId = typeof event.metadata.correlationId === 'string' ? event.metadata.correlationId : null;
        rows.push({ ...entry, position: event.globalPosition, id: event.id, at: event.createdAt, version: event.streamPosition, actor, correlationId });
        states.set(entry.subject, entry.state);
      }
      await insertRows(tx, rows);
    },
    async reset(tx: Transaction): Promise<void> {
      await tx.query('DELETE FROM change_log');
    },
  };
}

async function latestStates<State>(tx: Transaction, subjects: readonly string[]): Promise<Map<string, State | null>> {
  if (subjects.length === 0) return new Map();
  const rows = await tx.query<{ subject: string; state: State | null }>(
    `SELECT s.subject, l.state FROM unnest($1::text[]) AS s(subject)
       CROSS JOIN LATERAL (SELECT state FROM change_log c WHERE c.subject = s.subject ORDER BY position DESC LIMIT 1) AS l`,
    [subjects],
  );
  return new Map(rows.map((row) => [row.subject, row.state]));
}

async function insertRows<State>(tx: Transaction, rows: readonly Row<State>[]): Promise<void> {
  if (rows.length === 0) return;
  const column = <T>(of: (row: Row<State>) => T) => rows.map(of);
  await tx.query(
    `INSERT INTO change_log (position, id, at, project_id, environment_id, subject, version, kind, entity_id, name, action, actor, correlation_id, changes, state)
     SELECT * FROM unnest($1::bigint[], $2::uuid[], $3::timestamptz[], $4::bigint[], $5::bigint[], $6::text[], $7::int[], $8::text[], $9::text[],
                          $10::text[], $11::text[], $12::uuid[], $13::text[], $14::jsonb[], $15::jsonb[])`,
    [
      column((r) => r.position), column((r) => r.id), column((r) => r.at), column((r) => r.projectId), column((r) => r.environmentId),
      column((r) => r.subject), column((r) => r.version), column((r) => r.kind), column((r) => r.entityId), column((r) => r.name),
      column((r) => r.action), column((r) => r.actor), column((r) => r.correlationId), column((r) => JSON.stringify(r.changes)),
      column((r) => (r.state === null ? null : JSON.stringify(r.state))),
    ],
  );
}

export interface ChangeLogRequest {
  projectId: number;
  /** Whose own entries come along with the project's (none: the project's only). */
  environmentIds: readonly number[];
  filter: ActivityFilter;
  cursor?: string;
  limit: number;
}

interface ActivityRow extends Omit<ActivityRecord, 'at'> {
  position: string;
  at: Date;
}

const FILTERS = `($2::text IS NULL OR kind = $2) AND ($3::text IS NULL OR entity_id = $3) AND ($4::uuid IS NULL OR actor = $4)
  AND ($5::timestamptz IS NULL OR at < $5) AND position < COALESCE($6::bigint, 9223372036854775807)`;
const COLUMNS = 'position, id, at, actor::text, action, kind, entity_id, name, correlation_id, changes';

/**
 * The environments' own entries (wherever their project was then) and the project's, newest first. Each part is a
 * backward scan of its index cut at the page's size, so a page costs the same however long the history.
 */
export async function changeLogPage(db: Database, request: ChangeLogRequest): Promise<CursorPage<ActivityRecord>> {
  const { projectId, environmentIds, filter, cursor, limit } = request;
  const project = `SELECT ${COLUMNS} FROM change_log WHERE environment_id IS NULL AND project_id = $7 AND ${FILTERS} ORDER BY position DESC LIMIT $1`;
  const own = `SELECT ${COLUMNS} FROM change_log WHERE environment_id = ANY($8::bigint[]) AND ${FILTERS} ORDER BY position DESC LIMIT $1`;
  const sql = environmentIds.length === 0 ? project : `SELECT * FROM ((${own}) UNION ALL (${project})) AS a ORDER BY position DESC LIMIT $1`;
  const values = [limit + 1, filter.kind ?? null, filter.entityId ?? null, filter.actor ?? null, filter.before ?? null, cursor ?? null, projectId];
  const rows = await db.query<ActivityRow>(sql, environmentIds.length === 0 ? values : [...values, environmentIds]);
  return cutPage(rows, limit, (row) => row.position, ({ at, ...row }) => ({ ...row, at: at.toISOString() }));
}

export function cutPage<Row, T>(rows: Row[], limit: number, cursorOf: (row: Row) => string, toRecord: (row: Row) => T): CursorPage<T> {
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return { results: page.map(toRecord), cursor: rows.length > limit && last !== undefined ? cursorOf(last) : null };
}

/**
 * Every field whose value differs, by field name (a state read back from `jsonb` has its keys reordered, so the order
 * they were written in is not kept); absent reads as `null`, key order inside values ignored.
 */
export function diffFields(before: Record<string, unknown>, after: Record<string, unknown>): FieldChange[] {
  const fields = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
  return fields
    .map((field) => ({ field, before: before[field] ?? null, after: after[field] ?? null }))
    .filter((change) => !isDeepStrictEqual(plain(change.before), plain(change.after)));
}

function plain(value: unknown): unknown {
  return value === undefined ? null : JSON.parse(JSON.stringify(value));
}
