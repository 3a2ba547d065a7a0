import { JsonText } from './json-text';

/** Shapes every service's request/reply contracts share (SPEC §4): lists, versions, preconditions. */

/** What part of a list a request asks for: `limit` 1–1000, `offset` ≥ 0. */
export interface PageRequest {
  limit: number;
  offset: number;
}

/** A service's answer to a list request; the gateway turns it into a `ListBody`. */
export interface Page<T> {
  count: number;
  results: T[];
}

/**
 * A page the service cut, its items as JSON text serialised once where they were read: the gateway splices the text
 * into the HTTP body as it is (`JsonText`), so no hop parses or re-encodes the items. Every list the service pages
 * answers this; a reader that needs the items calls `results.parse()`.
 */
export interface TextPage<T> {
  count: number;
  results: JsonText<T[]>;
}

export function textPage<T>(count: number, results: T[]): TextPage<T> {
  return { count, results: JsonText.of(results) };
}

/** SPEC §4's HTTP list body. */
export interface ListBody<T> extends Page<T> {
  next: string | null;
  previous: string | null;
}

/** A single entity and its version, which the gateway serves as `ETag: W/"<version>"`. */
export interface Versioned<T> {
  result: T;
  version: number;
}

/** From `If-Match`: the version the caller read; a mismatch is 412. */
export interface Preconditioned {
  ifMatch?: number;
}

export type NoContent = Record<string, never>;
