import { ValidationError } from '../common/errors';

/**
 * `ingestion.resolve` (SPEC §5), served by the ingestion-mapping service over NATS and mirrored by the gateway at
 * `POST /i/v0/resolve`. On NATS the request and the reply are exactly these JSON bodies, with no framework envelope,
 * so a pipeline in any language can call it: `nats req ingestion.resolve '{"events": [...]}'`.
 */
export const IngestionSubjects = {
  resolve: 'ingestion.resolve',
  /** Diagnostics: a digest of one instance's in-memory tables, to compare instances and restarts. */
  tablesDigest: 'ingestion.tables.digest',
} as const;

/** What `ingestion.tables.digest` answers: sizes and a SHA-256 of the sorted tables (no token crosses the bus). */
export interface TablesDigest {
  tokens: number;
  environments: number;
  projectsWithGroupTypes: number;
  digest: string;
  /** Whether the instance has replayed the streams up to where they stood when it started. */
  caughtUp: boolean;
}

export const MAX_RESOLVE_BATCH = 10_000;

export interface ResolveRequest {
  events: IncomingEvent[];
}

/** `token` (the environment's `phc_…` SDK key) or `team_id` (the environment id); the token wins when both are sent. */
export interface IncomingEvent {
  token?: string;
  team_id?: number;
  /** 1–400 characters. */
  event: string;
  /** A non-empty string (at most 200 characters) or a finite number. */
  distinct_id: string | number;
  /** A JSON object; absent or `null` counts as `{}`. */
  properties?: Record<string, unknown> | null;
  /** group type → group key (a non-empty string or a finite number); absent or `null` counts as `{}`. */
  groups?: Record<string, string | number> | null;
}

/** `$group_<index>` → group key (numbers are turned into strings). */
export type MappedGroups = Record<`$group_${number}`, string>;

export interface ResolvedEvent {
  ok: true;
  team_id: number;
  project_id: number;
  groups: MappedGroups;
  /** Group types left unmapped because the project already has 5; absent when none. */
  dropped_groups?: string[];
}

/**
 * Per-event errors: the event gets `{ok: false, error}` and the rest of the batch is unaffected.
 *
 * | code | when |
 * |---|---|
 * | `invalid_event` | the event is not a JSON object |
 * | `missing_token` | neither `token` nor `team_id` is present (or both are `null`) |
 * | `invalid_token` | `token` is present but not a string |
 * | `invalid_team_id` | `team_id` is sent without `token` and is not a positive integer |
 * | `invalid_event` | `event` is not a string of 1–400 characters |
 * | `invalid_distinct_id` | `distinct_id` is missing, empty, longer than 200 characters, or neither string nor number |
 * | `invalid_properties` | `properties` is present and not a JSON object (an array, a string, a number…) |
 * | `invalid_groups` | `groups` is present and not a JSON object, or a group type is blank, longer than 400 characters or not storable text (below), or a group key is neither a non-empty string nor a finite number |
 * | `unknown_token` | the token belongs to no environment: never issued, rotated away, or its environment deleted |
 * | `unknown_team_id` | the `team_id` is no live environment |
 * | `invalid_name` | the event name or a property name (of `properties`, `$set`, `$set_once`, `$group_set`) is not storable text: it holds a NUL character or an unpaired surrogate (`\ud800`), which no definition can be made of |
 * | `event_too_large` | (gateway only) the event alone is larger than one NATS message may be |
 *
 * The first failing check, in the order of the table, gives the error: the shape is checked before the lookup.
 */
export const RESOLVE_EVENT_ERRORS = [
  'invalid_event',
  'missing_token',
  'invalid_token',
  'invalid_team_id',
  'invalid_distinct_id',
  'invalid_properties',
  'invalid_groups',
  'unknown_token',
  'unknown_team_id',
  'invalid_name',
  'event_too_large',
  'too_deep', // (gateway only) the event nests deeper than MAX_JSON_DEPTH (64) levels, the batch counting as one
] as const;
export type ResolveEventError = (typeof RESOLVE_EVENT_ERRORS)[number];

export interface RefusedEvent {
  ok: false;
  error: ResolveEventError;
}

export type ResolveResult = ResolvedEvent | RefusedEvent;

/** One result per event, in the order of the request. */
export interface ResolveResponse {
  results: ResolveResult[];
}

/**
 * Batch errors: the whole request is refused with a `validation_error` (HTTP 400; on NATS the bare error body
 * `{status: 400, type: "validation_error", code, detail, attr: "events"}`), and no event is resolved.
 *
 * | code | when |
 * |---|---|
 * | `invalid_body` | the body is not a JSON object (invalid JSON, an array, a string, `null`…) |
 * | `invalid_events` | `events` is missing or not an array |
 * | `too_many_events` | more than `MAX_RESOLVE_BATCH` (10,000) events |
 *
 * An empty `events` array is valid and answers `{"results": []}`.
 */
export const RESOLVE_BATCH_ERRORS = ['invalid_body', 'invalid_events', 'too_many_events'] as const;
export type ResolveBatchError = (typeof RESOLVE_BATCH_ERRORS)[number];

/** The events of a batch, or the batch error (table above) that refuses it as a whole. */
export function eventsOfBatch(body: unknown): unknown[] {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new ValidationError('The body must be a JSON object: {"events": [...]}.', null, 'invalid_body');
  }
  const { events } = body as { events?: unknown };
  if (!Array.isArray(events)) throw new ValidationError('"events" must be a list of events.', 'events', 'invalid_events');
  if (events.length > MAX_RESOLVE_BATCH) {
    throw new ValidationError(`A batch holds at most ${MAX_RESOLVE_BATCH} events; this one has ${events.length}.`, 'events', 'too_many_events');
  }
  return events;
}

export interface IngestionRpc {
  'ingestion.resolve': { request: ResolveRequest; response: ResolveResponse };
  'ingestion.tables.digest': { request: Record<string, never>; response: TablesDigest };
}
