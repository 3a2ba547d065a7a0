import { NotFoundError, type entities } from '@strata/contracts';
import type { Database } from '@strata/database';
import type { StreamState } from './activity';

/** The reads of `activity`: newest first, a page past a cursor (the position or version of the last entry served). */

interface ActivityRow {
  position: string;
  id: string;
  at: Date;
  actor: string | null;
  action: entities.ActivityAction;
  kind: string;
  entity_id: string;
  name: string | null;
  correlation_id: string | null;
  changes: entities.FieldChange[];
}

const FILTERS = `($2::text IS NULL OR kind = $2) AND ($3::text IS NULL OR entity_id = $3) AND ($4::uuid IS NULL OR actor = $4)
  AND ($5::timestamptz IS NULL OR at < $5) AND position < COALESCE($6::bigint, 9223372036854775807)`;
const ACTIVITY_COLUMNS = 'position, id, at, actor::text, action, kind, entity_id, name, correlation_id, changes';

/**
 * An environment's log — its own entries (wherever its project was then) and its project's project-wide ones — or,
 * without an environment, the project's project-wide ones. Each part is one backward scan of its index, cut at the
 * page's size, so a page costs the same however long the history.
 */
export async function activityPage(db: Database, request: entities.ActivityRequest): Promise<entities.CursorPage<entities.ActivityRecord>> {
  const { projectId, environmentId, filter, cursor, limit } = request;
  const projectWide = `SELECT ${ACTIVITY_COLUMNS} FROM activity WHERE environment_id IS NULL AND project_id = $7 AND ${FILTERS} ORDER BY position DESC LIMIT $1`;
  const own = `SELECT ${ACTIVITY_COLUMNS} FROM activity WHERE environment_id = $8 AND ${FILTERS} ORDER BY position DESC LIMIT $1`;
  const sql = environmentId === undefined ? projectWide : `SELECT * FROM ((${own}) UNION ALL (${projectWide})) AS a ORDER BY position DESC LIMIT $1`;
  const values = [limit + 1, filter.kind ?? null, filter.entityId ?? null, filter.actor ?? null, filter.before ?? null, cursor ?? null, projectId];
  const rows = await db.query<ActivityRow>(sql, environmentId === undefined ? values : [...values, environmentId]);
  return cut(rows, limit, (row) => row.position, ({ position: _position, at, ...row }) => ({ ...row, at: at.toISOString() }));
}

interface VersionRow {
  version: number;
  at: Date;
  actor: string | null;
  action: entities.ActivityAction;
  changes: entities.FieldChange[];
}

/** A stream's versions, newest first. */
export async function versionsPage(db: Database, streamId: string, page: entities.CursorRequest): Promise<entities.CursorPage<entities.VersionRecord>> {
  const rows = await db.query<VersionRow>(
    `SELECT version, at, actor::text, action, changes FROM activity
      WHERE stream_id = $1 AND version < COALESCE($2::int, 2147483647) ORDER BY version DESC LIMIT $3`,
    [streamId, page.cursor ?? null, page.limit + 1],
  );
  return cut(rows, page.limit, (row) => String(row.version), (row) => ({ ...row, at: row.at.toISOString() }));
}

/** The stream's state at `version`, when it had one of that sort (a version that deleted it has none): else 404. */
export async function stateAt<Of extends StreamState['of']>(db: Database, streamId: string, version: number, of: Of): Promise<Extract<StreamState, { of: Of }>> {
  const [row] = await db.query<{ state: StreamState | null }>('SELECT state FROM activity WHERE stream_id = $1 AND version = $2', [streamId, version]);
  const state = row?.state ?? null;
  if (state === null || state.of !== of) throw new NotFoundError(`No version ${version} to read.`);
  return state as Extract<StreamState, { of: Of }>;
}

function cut<Row, T>(rows: Row[], limit: number, cursorOf: (row: Row) => string, toRecord: (row: Row) => T): entities.CursorPage<T> {
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return { results: page.map(toRecord), cursor: rows.length > limit && last !== undefined ? cursorOf(last) : null };
}
