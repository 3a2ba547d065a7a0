import type { ActivityEntry } from '../api/types';

export interface ActivityFilter {
  kind: string;
  actor: string;
  /** `datetime-local` texts (the browser's time zone); empty: unbounded. */
  from: string;
  to: string;
  limit: number;
}

export const NO_FILTER: ActivityFilter = { kind: '', actor: '', from: '', to: '', limit: 25 };

const instant = (local: string) => new Date(local).toISOString();

/** The first page's URL: kind, actor and the end of the range are the API's own filters (`before`), the page size its `limit`. */
export function activityUrl(base: string, filter: ActivityFilter): string {
  const query = new URLSearchParams();
  if (filter.kind) query.set('kind', filter.kind);
  if (filter.actor) query.set('actor', filter.actor);
  if (filter.to) query.set('before', instant(filter.to));
  query.set('limit', String(filter.limit));
  return `${base}?${query.toString()}`;
}

/**
 * The start of the range, which the API has no filter for: pages come newest first, so the entries from `from` on are
 * a prefix of what was read, and the first older one means no later page can hold another.
 */
export function withinRange(entries: ActivityEntry[], from: string): { entries: ActivityEntry[]; ended: boolean } {
  if (!from) return { entries, ended: false };
  const start = Date.parse(instant(from));
  const kept = entries.filter((entry) => Date.parse(entry.at) >= start);
  return { entries: kept, ended: kept.length < entries.length };
}
