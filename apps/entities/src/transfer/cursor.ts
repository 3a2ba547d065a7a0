import { ValidationError } from '@strata/contracts';

/** An export cursor: opaque to the caller (base64url JSON), naming where the next page starts. */
export type Cursor = { phase: 'items'; after: string } | { phase: 'identities'; after: { flag: string; identifier: string } | null };

export function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify(cursor)).toString('base64url');
}

export function decodeCursor(text: string | undefined): Cursor | null {
  if (text === undefined) return null;
  try {
    const cursor = JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as Cursor;
    if (cursor.phase === 'items' && typeof cursor.after === 'string') return cursor;
    if (cursor.phase === 'identities') return cursor;
  } catch {
    // reported below, as any other unreadable cursor
  }
  throw new ValidationError('This cursor was not made by the export.', 'after');
}

/**
 * A page's items stay under this many UTF-8 bytes: most of one NATS message (the server's max_payload, 1 MiB by
 * default), the rest left for the reply's envelope and cursor. Few large pages, not hundreds of small round trips.
 */
export const PAGE_BUDGET_BYTES = 768 * 1024;
export const DEFAULT_PAGE_ITEMS = 1_000;

/**
 * The leading items that fit in the budget (at least one, so a page always advances: an item larger than the budget
 * travels alone), and whether the page stopped before the rows ran out.
 */
export function withinBudget<T>(items: readonly T[], budget = PAGE_BUDGET_BYTES): { taken: T[]; cut: boolean } {
  let size = 0;
  const taken: T[] = [];
  for (const item of items) {
    size += Buffer.byteLength(JSON.stringify(item)) + 1;
    if (taken.length > 0 && size > budget) return { taken, cut: true };
    taken.push(item);
  }
  return { taken, cut: false };
}
