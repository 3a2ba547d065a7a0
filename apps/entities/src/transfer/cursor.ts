import { ValidationError } from '@strata/contracts';
import { canonicalJson } from '@strata/rules';

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

/** An item's canonical JSON text (`canonicalJson`) and its size in UTF-8 bytes: it is serialised once. */
export interface ItemText {
  text: string;
  bytes: number;
}

export function itemText(item: unknown): ItemText {
  const text = canonicalJson(item);
  return { text, bytes: Buffer.byteLength(text) };
}

/** A page's texts as the reply carries them: comma-separated, without brackets. */
export function joined(texts: readonly ItemText[]): string {
  return texts.map((item) => item.text).join(',');
}

/**
 * The leading items that fit in the budget (at least one, so a page always advances: an item larger than the budget
 * travels alone), and whether the page stopped before the rows ran out.
 */
export function withinBudget<T>(items: readonly T[], bytesOf: (item: T) => number, budget = PAGE_BUDGET_BYTES): { taken: T[]; cut: boolean } {
  let size = 0;
  const taken: T[] = [];
  for (const item of items) {
    size += bytesOf(item) + 1;
    if (taken.length > 0 && size > budget) return { taken, cut: true };
    taken.push(item);
  }
  return { taken, cut: false };
}
