import { type ListBody, pageQueryShape, type PageRequest } from '@strata/contracts';
import { z } from 'zod';
import { parseInput } from './validation';

const pageQuery = z.object(pageQueryShape);
export type PageQuery = PageRequest;

export function parsePage(query: Record<string, unknown>): PageQuery {
  return parseInput(pageQuery, { limit: query.limit, offset: query.offset }, 'query');
}

/**
 * SPEC §4's list body. `url` is the request's own URL: `next`/`previous` keep its other query parameters
 * (search, scope, …) and change only `limit`/`offset`.
 */
export function toPage<T>(url: string, page: PageQuery, count: number, results: T[]): ListBody<T> {
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
