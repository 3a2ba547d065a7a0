import { type ActivityRecord, type CursorPage, ValidationError } from '@strata/contracts';

/**
 * An activity page of SPEC §10 is three services' logs merged newest first: the entities service's (entities, flag
 * states, overrides, tags, imports), the projects service's (projects, environments, settings, keys, access) and the
 * taxonomy service's (definitions, group types). Each is cut at its own position; the page's cursor names all three
 * (`<entities>.<projects>.<taxonomy>`: empty from the top, `0` when done), so a page continues each log exactly where
 * the previous one stopped taking from it. A two-part cursor (given before taxonomy joined) continues the walk it began,
 * over the two logs it named: its taxonomy part reads as done, so the walk neither repeats nor reorders an entry.
 */

export const LOGS = ['entities', 'projects', 'taxonomy'] as const;
export type Log = (typeof LOGS)[number];
export type SplitCursor = Partial<Record<Log, string>>;

const CURSOR = /^([0-9]{0,19})\.([0-9]{0,19})(?:\.([0-9]{0,19}))?$/;

export function splitCursor(cursor: string | undefined): SplitCursor {
  if (cursor === undefined) return {};
  const parts = CURSOR.exec(cursor);
  if (parts === null) throw new ValidationError('Not a cursor this API gave.', 'cursor');
  return { entities: parts[1] || undefined, projects: parts[2] || undefined, taxonomy: parts[3] === undefined ? '0' : parts[3] || undefined };
}

/** The cursor of the request's own URL: the answer reads it again to continue the logs it did not send. */
export function cursorOfUrl(url: string): string | undefined {
  return new URL(url, 'http://strata.invalid').searchParams.get('cursor') ?? undefined;
}

type Entry = Omit<ActivityRecord, 'position'>;

/** Newest first across the logs; at the same instant, in the order of `LOGS`. */
export function mergePages(pages: Record<Log, CursorPage<ActivityRecord>>, limit: number, from: SplitCursor): CursorPage<Entry> {
  const taken: Record<Log, number> = { entities: 0, projects: 0, taxonomy: 0 };
  const results: Entry[] = [];
  while (results.length < limit) {
    const next = newest(pages, taken);
    if (next === null) break;
    const { position: _position, ...entry } = pages[next].results[taken[next]++];
    results.push(entry);
  }
  const continues = LOGS.map((log) => continueAt(pages[log], taken[log], from[log]));
  return { results, cursor: continues.every((part) => part === '0') ? null : continues.join('.') };
}

function newest(pages: Record<Log, CursorPage<ActivityRecord>>, taken: Record<Log, number>): Log | null {
  let found: Log | null = null;
  for (const log of LOGS) {
    const candidate = pages[log].results[taken[log]];
    if (candidate !== undefined && (found === null || candidate.at > pages[found].results[taken[found]].at)) found = log;
  }
  return found;
}

/** Where one log continues: after the last entry taken from it, or where its page ended once all of it was taken. */
function continueAt(page: CursorPage<ActivityRecord>, taken: number, from: string | undefined): string {
  if (taken < page.results.length) return taken === 0 ? (from ?? '') : page.results[taken - 1].position;
  return page.cursor ?? '0';
}
