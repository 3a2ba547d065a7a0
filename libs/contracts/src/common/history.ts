import { z } from 'zod';
import type { JsonText } from './json-text';
import { MAX_LIMIT, uuidSchema } from './schemas';

/**
 * What every service's part of the change log (SPEC §10) has in common: an entry, its field changes, a cursor-cut page
 * and the filters. The entities service answers for entities, flag states and overrides; the projects service for
 * projects, environments, their settings, keys and access; the taxonomy service for definitions and group types; the
 * gateway merges their pages.
 */

/** What an entry's `action` says happened. */
export const ACTIVITY_ACTIONS = [
  'created', 'updated', 'deleted', 'made_project_wide', 'made_environment_specific', 'state_changed',
  'identity_override_set', 'identity_override_removed', 'imported', 'moved', 'restored', 'token_reset', 'access_granted',
  'access_revoked',
] as const;
export type ActivityAction = (typeof ACTIVITY_ACTIONS)[number];

/** One field's value before and after a change (`null` where it had none). */
export interface FieldChange {
  field: string;
  before: unknown;
  after: unknown;
}

/** An entry as a service answers it: `actor` is the acting user's id (`null`: no user acted); the gateway adds the email. */
export interface ActivityRecord {
  /** Where the entry stands in its service's log: what a cursor names (the gateway merges by it, then drops it). */
  position: string;
  id: string;
  at: string;
  actor: string | null;
  action: ActivityAction;
  /**
   * Singular entity kind, or `tag`, `identity_override`, `import`, `environment`, `project`, `server_key`,
   * `access_grant`, `event_definition`, `property_definition`, `group_type`.
   */
  kind: string;
  entity_id: string;
  name: string | null;
  correlation_id: string | null;
  changes: FieldChange[];
}

export interface VersionRecord {
  version: number;
  at: string;
  actor: string | null;
  action: ActivityAction;
  changes: FieldChange[];
}

/** Who acted, as an answer names them: the user's id and email. */
export interface ActorRef {
  id: string;
  email: string | null;
}

/** A version as the HTTP answer serves it: its actor named. */
export interface VersionEntry extends Omit<VersionRecord, 'actor'> {
  actor: ActorRef | null;
}

/**
 * A cursor-cut page of versions written as JSON text where it was read, actors named there: the gateway splices
 * `results` into its answer as it is (`JsonText`), so a page of a thousand versions is never parsed or encoded again.
 */
export interface CursorTextPage<T> {
  results: JsonText<T[]>;
  cursor: string | null;
}

/** A cursor-cut page: `cursor` continues it, `null` at the end. */
export interface CursorPage<T> {
  results: T[];
  cursor: string | null;
}

export interface CursorRequest {
  cursor?: string;
  limit: number;
}

export interface ActivityFilter {
  kind?: string;
  entityId?: string;
  /** A user id. */
  actor?: string;
  /** ISO 8601: entries strictly older. */
  before?: string;
}

export const cursorSchema = z.string().regex(/^[0-9]{1,19}$/, 'Not a cursor this service gave.');
export const cursorPage = { cursor: cursorSchema.optional(), limit: z.number().int().min(1).max(MAX_LIMIT).default(100) };
export const filterSchema = z.object({
  kind: z.string().min(1).max(100).optional(),
  entityId: z.string().min(1).max(200).optional(),
  actor: uuidSchema.optional(),
  before: z.iso.datetime({ offset: true }).optional(),
});
export const httpCursor = {
  cursor: z.string().max(100).optional().meta({ description: "the `next` link's cursor" }),
  limit: z.coerce.number().int().min(1).max(MAX_LIMIT).default(100),
};
/** `GET …/activity/`: the filters, and a cursor the gateway made of each service's. */
export const activityQuery = z.strictObject({
  ...httpCursor,
  kind: filterSchema.shape.kind.meta({ description: 'singular kind (`feature_flag`, `cohort`, …), or `tag`, `identity_override`, `import`, `environment`, `project`, `server_key`, `access_grant`, `event_definition`, `property_definition`, `group_type`' }),
  entity_id: filterSchema.shape.entityId,
  actor: filterSchema.shape.actor.meta({ description: 'a user id' }),
  before: filterSchema.shape.before.meta({ description: 'ISO 8601: only entries older than this' }),
});
