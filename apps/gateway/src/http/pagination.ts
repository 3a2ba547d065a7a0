import { type CursorTextPage, type JsonText, type ListBody, pageQueryShape, type PageRequest } from '@strata/contracts';
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

/**
 * The same body with the items as the service wrote them: their JSON text is spliced in as it is — never parsed or
 * encoded again on the way (`TextPage`). The keys and their order are `toPage`'s.
 */
export function toPageText(url: string, page: PageQuery, count: number, results: JsonText<unknown[]>): Buffer {
  const { results: _none, ...rest } = toPage(url, page, count, []);
  const head = JSON.stringify(rest).slice(0, -1);
  return Buffer.concat([Buffer.from(`${head},"results":`), results.bytes, Buffer.from('}')]);
}

/** A link to the same list from `cursor` on: the request's own URL, its other query parameters kept. */
export function withCursor(url: string, cursor: string): string {
  const target = new URL(url, 'http://strata.invalid');
  target.searchParams.set('cursor', cursor);
  return `${target.pathname}${target.search}`;
}

/** SPEC §10's cursor page, `{results, next}`, its items as the service wrote them (`CursorTextPage`), spliced in as they are. */
export function toCursorPageText(url: string, page: CursorTextPage<unknown>): Buffer {
  const next = page.cursor === null ? null : withCursor(url, page.cursor);
  return Buffer.concat([Buffer.from('{"results":'), page.results.bytes, Buffer.from(`,"next":${JSON.stringify(next)}}`)]);
}
