import { NotFoundError, type entities } from '@strata/contracts';
import type { Database } from '@strata/database';
import { changeLogPage, cutPage } from '@strata/service-kit';
import type { StreamState } from './activity';

/** The reads of `change_log`: newest first, a page past a cursor (the position or version of the last entry served). */

/** The environment's own entries and its project's project-wide ones; without an environment, the project's only. */
export function activityPage(db: Database, request: entities.ActivityRequest): Promise<entities.CursorPage<entities.ActivityRecord>> {
  const { environmentId, ...rest } = request;
  return changeLogPage(db, { ...rest, environmentIds: environmentId === undefined ? [] : [environmentId] });
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
    `SELECT version, at, actor::text, action, changes FROM change_log
      WHERE subject = $1 AND version < COALESCE($2::int, 2147483647) ORDER BY position DESC LIMIT $3`,
    [streamId, page.cursor ?? null, page.limit + 1],
  );
  return cutPage(rows, page.limit, (row) => String(row.version), (row) => ({ ...row, at: row.at.toISOString() }));
}

/** The stream's state at `version`, when it had one of that sort (a version that deleted it has none): else 404. */
export async function stateAt<Of extends StreamState['of']>(db: Database, streamId: string, version: number, of: Of): Promise<Extract<StreamState, { of: Of }>> {
  const [row] = await db.query<{ state: StreamState | null }>('SELECT state FROM change_log WHERE subject = $1 AND version = $2 ORDER BY position DESC LIMIT 1', [streamId, version]);
  const state = row?.state ?? null;
  if (state === null || state.of !== of) throw new NotFoundError(`No version ${version} to read.`);
  return state as Extract<StreamState, { of: Of }>;
}
