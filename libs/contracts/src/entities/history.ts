import { z } from 'zod';
import type { ActivityFilter, ActivityRecord, CursorPage, CursorRequest, CursorTextPage, FieldChange, VersionEntry } from '../common/history';
import type { Versioned } from '../common/messages';
import { cursorPage, filterSchema, httpCursor } from '../common/history';
import { ifMatchSchema, integerIdSchema, uuidSchema } from '../common/schemas';
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

export { ACTIVITY_ACTIONS } from '../common/history';
export type { ActivityAction, ActivityFilter, ActivityRecord, ActorRef, CursorPage, CursorRequest, CursorTextPage, FieldChange, VersionEntry, VersionRecord } from '../common/history';

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
  'entities.history.entity': { request: EntityHistoryRequest; response: CursorTextPage<VersionEntry> };
  'entities.history.entityVersion': { request: EntityVersionRequest; response: Versioned<Entity> };
  'entities.history.restoreEntity': { request: RestoreEntityRequest; response: Restored<Entity> };
  'entities.history.flagState': { request: FlagStateHistoryRequest; response: CursorTextPage<VersionEntry> };
  'entities.history.flagStateVersion': { request: FlagStateVersionRequest; response: Versioned<FlagState> };
  'entities.history.restoreFlagState': { request: RestoreFlagStateRequest; response: Restored<FlagState> };
}

const S = EntitiesHistorySubjects;
const scope = z.object({ projectId: integerIdSchema, environmentId: integerIdSchema });
const kind = z.enum(ENTITY_KINDS as [EntityKind, ...EntityKind[]]);
const versionSchema = z.number().int().min(1).max(2_147_483_647);

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
export const historyQuery = z.strictObject(httpCursor);
export const restoreBody = z.strictObject({
  version: versionSchema.meta({ description: 'the version to make current again' }),
  dry_run: z.boolean().default(false).meta({ description: 'true: only answer the changes; nothing changes' }),
});
