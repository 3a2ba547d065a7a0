import { JsonText, NotFoundError, type entities } from '@strata/contracts';
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
  actor: string | null;
  /** The entry's JSON up to its actor, and after it: written by Postgres, so no row is parsed or encoded here. */
  head: string;
  tail: string;
}

/**
 * A stream's versions, newest first, as the answer's JSON text: Postgres writes each entry around its actor, who is
 * named here (`ActorEmails`: one lookup for the actors not met yet), and the gateway splices the page as it is.
 */
export async function versionsPage(
  db: Database,
  streamId: string,
  page: entities.CursorRequest,
  named: (actors: Array<string | null>) => Promise<(id: string | null) => entities.ActorRef | null>,
): Promise<entities.CursorTextPage<entities.VersionEntry>> {
  const rows = await db.query<VersionRow>(
    `SELECT version, actor::text,
            '{"version":' || version || ',"at":"' || to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') || '","actor":' AS head,
            ',"action":' || to_json(action)::text || ',"changes":' || changes::text || '}' AS tail
       FROM change_log WHERE subject = $1 AND version < COALESCE($2::int, 2147483647) ORDER BY position DESC LIMIT $3`,
    [streamId, page.cursor ?? null, page.limit + 1],
  );
  const actorOf = await named(rows.map((row) => row.actor));
  const cut = cutPage(rows, page.limit, (row) => String(row.version), (row) => `${row.head}${JSON.stringify(actorOf(row.actor))}${row.tail}`);
  return { results: JsonText.ofItems(cut.results), cursor: cut.cursor };
}

/** The stream's state at `version`, when it had one of that sort (a version that deleted it has none): else 404. */
export async function stateAt<Of extends StreamState['of']>(db: Database, streamId: string, version: number, of: Of): Promise<Extract<StreamState, { of: Of }>> {
  const [row] = await db.query<{ state: StreamState | null }>('SELECT state FROM change_log WHERE subject = $1 AND version = $2 ORDER BY position DESC LIMIT 1', [streamId, version]);
  const state = row?.state ?? null;
  if (state === null || state.of !== of) throw new NotFoundError(`No version ${version} to read.`);
  return state as Extract<StreamState, { of: Of }>;
}
