import { z } from 'zod';
import type { Versioned } from '../common/messages';
import { ifMatchSchema, integerIdSchema, MAX_LIMIT, uuidSchema } from '../common/schemas';
import type { Entity, FlagState } from './bodies';
import { ENTITY_KINDS, type EntityKind } from './kinds';

/**
 * History and activity (SPEC §10): every change is an event with its actor and time, and the entities service keeps
 * them as entries of its `activity` read model — an environment's and a project's change log, an entity's or a flag
 * state's versions, any version as it was, and a restore to one of them as a new change (`restored`).
 */

export const EntitiesHistorySubjects = {
  activity: 'entities.history.activity',
  entityHistory: 'entities.history.entity',
  entityVersion: 'entities.history.entityVersion',
  restoreEntity: 'entities.history.restoreEntity',
  flagStateHistory: 'entities.history.flagState',
  flagStateVersion: 'entities.history.flagStateVersion',
  restoreFlagState: 'entities.history.restoreFlagState',
} as const;

/** What an entry's `action` says happened. */
export const ACTIVITY_ACTIONS = [
  'created', 'updated', 'deleted', 'made_project_wide', 'made_environment_specific', 'state_changed',
  'identity_override_set', 'identity_override_removed', 'imported', 'moved', 'restored',
] as const;
export type ActivityAction = (typeof ACTIVITY_ACTIONS)[number];

/** One field's value before and after a change (`null` where it had none). */
export interface FieldChange {
  field: string;
  before: unknown;
  after: unknown;
}

/** An entry as the service answers it: `actor` is the acting user's id (`null`: no user acted); the gateway adds the email. */
export interface ActivityRecord {
  id: string;
  at: string;
  actor: string | null;
  action: ActivityAction;
  /** Singular entity kind, or `tag`, `import`, `environment`. */
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

/** An environment's activity, or — without `environmentId` — the project's own (project-wide changes only). */
export interface ActivityRequest extends CursorRequest {
  projectId: number;
  environmentId?: number;
  filter: ActivityFilter;
}

interface Scoped {
  in: { projectId: number; environmentId: number };
}

export interface EntityHistoryRequest extends Scoped, CursorRequest {
  kind: EntityKind;
  id: string;
}
export interface EntityVersionRequest extends Scoped {
  kind: EntityKind;
  id: string;
  version: number;
}
export interface RestoreEntityRequest extends Scoped {
  kind: EntityKind;
  id: string;
  version: number;
  dryRun: boolean;
  ifMatch?: number;
}
export interface FlagStateHistoryRequest extends Scoped, CursorRequest {
  flagId: string;
}
export interface FlagStateVersionRequest extends Scoped {
  flagId: string;
  version: number;
}
export interface RestoreFlagStateRequest extends Scoped {
  flagId: string;
  version: number;
  dryRun: boolean;
  ifMatch?: number;
}

export type Restored<T> = Versioned<T> & { changes: FieldChange[] };

export interface EntitiesHistoryRpc {
  'entities.history.activity': { request: ActivityRequest; response: CursorPage<ActivityRecord> };
  'entities.history.entity': { request: EntityHistoryRequest; response: CursorPage<VersionRecord> };
  'entities.history.entityVersion': { request: EntityVersionRequest; response: Versioned<Entity> };
  'entities.history.restoreEntity': { request: RestoreEntityRequest; response: Restored<Entity> };
  'entities.history.flagState': { request: FlagStateHistoryRequest; response: CursorPage<VersionRecord> };
  'entities.history.flagStateVersion': { request: FlagStateVersionRequest; response: Versioned<FlagState> };
  'entities.history.restoreFlagState': { request: RestoreFlagStateRequest; response: Restored<FlagState> };
}

const S = EntitiesHistorySubjects;
const scope = z.object({ projectId: integerIdSchema, environmentId: integerIdSchema });
const kind = z.enum(ENTITY_KINDS as [EntityKind, ...EntityKind[]]);
const cursorSchema = z.string().regex(/^[0-9]{1,19}$/, 'Not a cursor this service gave.');
const limitSchema = z.number().int().min(1).max(MAX_LIMIT).default(100);
const versionSchema = z.number().int().min(1).max(2_147_483_647);
const cursorPage = { cursor: cursorSchema.optional(), limit: limitSchema };
const filterSchema = z.object({
  kind: z.string().min(1).max(100).optional(),
  entityId: z.string().min(1).max(200).optional(),
  actor: uuidSchema.optional(),
  before: z.iso.datetime({ offset: true }).optional(),
});

export const EntitiesHistoryMessageSchemas = {
  [S.activity]: z.object({ projectId: integerIdSchema, environmentId: integerIdSchema.optional(), filter: filterSchema, ...cursorPage }),
  [S.entityHistory]: z.object({ in: scope, kind, id: uuidSchema, ...cursorPage }),
  [S.entityVersion]: z.object({ in: scope, kind, id: uuidSchema, version: versionSchema }),
  [S.restoreEntity]: z.object({ in: scope, kind, id: uuidSchema, version: versionSchema, dryRun: z.boolean().default(false), ifMatch: ifMatchSchema }),
  [S.flagStateHistory]: z.object({ in: scope, flagId: uuidSchema, ...cursorPage }),
  [S.flagStateVersion]: z.object({ in: scope, flagId: uuidSchema, version: versionSchema }),
  [S.restoreFlagState]: z.object({ in: scope, flagId: uuidSchema, version: versionSchema, dryRun: z.boolean().default(false), ifMatch: ifMatchSchema }),
} as const;

/** HTTP queries and bodies (snake_case, strict). */
const httpCursor = {
  cursor: cursorSchema.optional().meta({ description: "the `next` link's cursor" }),
  limit: z.coerce.number().int().min(1).max(MAX_LIMIT).default(100),
};
export const activityQuery = z.strictObject({
  ...httpCursor,
  kind: filterSchema.shape.kind.meta({ description: 'singular kind (`feature_flag`, `cohort`, …), or `tag`, `import`, `environment`' }),
  entity_id: filterSchema.shape.entityId,
  actor: filterSchema.shape.actor.meta({ description: 'a user id' }),
  before: filterSchema.shape.before.meta({ description: 'ISO 8601: only entries older than this' }),
});
export const historyQuery = z.strictObject(httpCursor);
export const restoreBody = z.strictObject({
  version: versionSchema.meta({ description: 'the version to make current again' }),
  dry_run: z.boolean().default(false).meta({ description: 'true: only answer the changes; nothing changes' }),
});
