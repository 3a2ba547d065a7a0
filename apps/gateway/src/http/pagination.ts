import { z } from 'zod';
import { parseInput } from './validation';

export const DEFAULT_LIMIT = 100;
export const MAX_LIMIT = 1000;

export const pageQuery = z.object({
  limit: z.coerce.number().int().min(1).max(MAX_LIMIT).default(DEFAULT_LIMIT),
  offset: z.coerce.number().int().min(0).default(0),
});
export type PageQuery = z.output<typeof pageQuery>;

export interface Page<T> {
  count: number;
  next: string | null;
  previous: string | null;
  results: T[];
}

export function parsePage(query: Record<string, unknown>): PageQuery {
  return parseInput(pageQuery, { limit: query.limit, offset: query.offset }, 'query');
}

/**
 * SPEC §4's list body. `url` is the request's own URL: `next`/`previous` keep its other query parameters
 * (search, scope, …) and change only `limit`/`offset`.
 */
export function toPage<T>(url: string, page: PageQuery, count: number, results: T[]): Page<T> {
  const link = (offset: number): string => {
    const target = new URL(url, 'http://strata.invalid');
    target.searchParams.set('limit', String(page.limit));
    target.searchParams.set('offset', String(offset));
    return `${target.pathname}${target.search}`;
  };
  const nextOffset = page.offset + page.limit;
  return {
    count,
    next: nextOffset < count ? link(nextOffset) : null,
    previous: page.offset > 0 ? link(Math.max(0, page.offset - page.limit)) : null,
    results,
  };
}
