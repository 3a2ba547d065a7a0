import type { ActivityRecord, CursorPage } from '@strata/contracts';
import { LOGS, type Log, mergePages, splitCursor } from './activity-merge';

/** An entry of one log at a second of the day; its position is what that log's cursor would name. */
const entry = (log: Log, position: number, second: number): ActivityRecord => ({
  position: String(position), id: `${log}-${position}`, at: new Date(Date.UTC(2026, 0, 1, 0, 0, second)).toISOString(),
  actor: null, action: 'updated', kind: log, entity_id: String(position), name: null, correlation_id: null, changes: [],
});

/** Each log's entries newest first, cut as its service cuts a page: past the cursor, `limit` of them. */
function pageOf(entries: ActivityRecord[], cursor: string | undefined, limit: number): CursorPage<ActivityRecord> {
  const after = entries.filter((candidate) => cursor === undefined || Number(candidate.position) < Number(cursor));
  const page = after.slice(0, limit);
  return { results: page, cursor: after.length > limit ? page[page.length - 1].position : null };
}

const logs: Record<Log, ActivityRecord[]> = {
  entities: [entry('entities', 9, 50), entry('entities', 7, 30), entry('entities', 3, 10)],
  projects: [entry('projects', 20, 45), entry('projects', 11, 30), entry('projects', 4, 5)],
  taxonomy: [entry('taxonomy', 8, 40), entry('taxonomy', 6, 35), entry('taxonomy', 2, 30), entry('taxonomy', 1, 1)],
};
const newestFirst = ['entities-9', 'projects-20', 'taxonomy-8', 'taxonomy-6', 'entities-7', 'projects-11', 'taxonomy-2', 'entities-3', 'projects-4', 'taxonomy-1'];

function walk(limit: number, first?: string): string[] {
  const seen: string[] = [];
  let cursor: string | undefined = first;
  do {
    const from = splitCursor(cursor);
    const pages = Object.fromEntries(LOGS.map((log) => [log, pageOf(logs[log], from[log], limit)])) as Record<Log, CursorPage<ActivityRecord>>;
    const merged = mergePages(pages, limit, from);
    seen.push(...merged.results.map((result) => result.id));
    cursor = merged.cursor ?? undefined;
  } while (cursor !== undefined);
  return seen;
}

describe('an activity page merged from three logs (SPEC §10)', () => {
  it('gives every entry once, newest first, whatever the page size; at one instant in the order entities, projects, taxonomy', () => {
    for (const limit of [1, 2, 3, 4, 10, 100]) expect(walk(limit)).toEqual(newestFirst);
  });

  it('continues a two-part cursor over the two logs it named', () => {
    const twoLogs = newestFirst.filter((id) => !id.startsWith('taxonomy'));
    expect(walk(2, '.')).toEqual(twoLogs);
    expect(walk(2, '9.')).toEqual(twoLogs.slice(1));
  });

  it('refuses what it never gave', () => {
    for (const cursor of ['abc', '1.2.3.4', '1', '-1.2.3']) expect(() => splitCursor(cursor)).toThrow('Not a cursor this API gave.');
  });
});
