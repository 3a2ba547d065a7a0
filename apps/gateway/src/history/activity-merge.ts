import { type ActivityRecord, type CursorPage, ValidationError } from '@strata/contracts';

/**
 * An activity page of SPEC §10 is two services' logs merged newest first: the entities service's (entities, flag
 * states, overrides, tags, imports) and the projects service's (projects, environments, settings, keys, access). Each
 * is cut at its own position; the page's cursor names both (`<entities>.<projects>`: empty from the top, `0` when done),
 * so a page continues each log exactly where the previous one stopped taking from it.
 */

export interface SplitCursor {
  entities?: string;
  projects?: string;
}

const CURSOR = /^([0-9]{0,19})\.([0-9]{0,19})$/;

export function splitCursor(cursor: string | undefined): SplitCursor {
  if (cursor === undefined) return {};
  const parts = CURSOR.exec(cursor);
  if (parts === null) throw new ValidationError('Not a cursor this API gave.', 'cursor');
  return { entities: parts[1] || undefined, projects: parts[2] || undefined };
}

/** The cursor of the request's own URL: the answer reads it again to continue the log it did not send. */
export function cursorOfUrl(url: string): string | undefined {
  return new URL(url, 'http://strata.invalid').searchParams.get('cursor') ?? undefined;
}

type Entry = Omit<ActivityRecord, 'position'>;

export function mergePages(entities: CursorPage<ActivityRecord>, projects: CursorPage<ActivityRecord>, limit: number, from: SplitCursor): CursorPage<Entry> {
  const [a, b] = [entities.results, projects.results];
  let i = 0;
  let j = 0;
  const taken: ActivityRecord[] = [];
  while (taken.length < limit && (i < a.length || j < b.length)) {
    const fromEntities = j >= b.length || (i < a.length && a[i].at >= b[j].at);
    taken.push(fromEntities ? a[i++] : b[j++]);
  }
  const e = continueAt(entities, i, from.entities);
  const p = continueAt(projects, j, from.projects);
  return { results: taken.map(({ position: _position, ...entry }) => entry), cursor: e === '0' && p === '0' ? null : `${e}.${p}` };
}

/** Where one log continues: after the last entry taken from it, or where its page ended once all of it was taken. */
function continueAt(page: CursorPage<ActivityRecord>, taken: number, from: string | undefined): string {
  if (taken < page.results.length) return taken === 0 ? (from ?? '') : page.results[taken - 1].position;
  return page.cursor ?? '0';
}
