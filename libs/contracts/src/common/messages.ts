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
