import type { Type } from '@nestjs/common';
import { entities, type projects, type Same } from '@strata/contracts';
import { z } from 'zod';
import { entityBodies, flagStateBody, named } from '../api/entity-bodies';

/** Response bodies of SPEC §10 as zod schemas, for the OpenAPI document, checked against the types the routes answer. */

type EntityKind = entities.EntityKind;

const timestamp = z.string().meta({ format: 'date-time' });
const actorBody = z
  .object({ id: z.string(), email: z.string().nullable().meta({ description: 'null when the user is no more' }) })
  .nullable()
  .meta({ description: 'who acted; null when no user did' });
const changeBody = z.object({ field: z.string(), before: z.unknown(), after: z.unknown() });
const actionBody = z.enum(entities.ACTIVITY_ACTIONS);

export const activityEntryBody = z.object({
  id: z.string(),
  at: timestamp,
  actor: actorBody,
  action: actionBody,
  kind: z.string().meta({ description: 'singular entity kind, or tag, identity_override, import, environment' }),
  entity_id: z.string(),
  name: z.string().nullable(),
  correlation_id: z.string().nullable().meta({ description: 'the request (import, adoption, promotion) the change belongs to' }),
  changes: z.array(changeBody),
});

export const versionEntryBody = z.object({ version: z.number().int(), at: timestamp, actor: actorBody, action: actionBody, changes: z.array(changeBody) });

const cursorPageOf = <T extends z.ZodType>(item: T) =>
  z.object({ results: z.array(item), next: z.string().nullable().meta({ description: "the next page's URL; null on the last" }) });

export type ActivityEntry = z.output<typeof activityEntryBody>;
export type VersionEntry = z.output<typeof versionEntryBody>;

export const ActivityPageDto = named(cursorPageOf(activityEntryBody), 'ActivityPageDto');
export const VersionPageDto = named(cursorPageOf(versionEntryBody), 'VersionPageDto');
export const FlagStateRestoreDto = named(z.object({ result: flagStateBody, changes: z.array(changeBody) }), 'FlagStateRestoreDto');

const pascal = (kind: EntityKind) => kind.replace(/(^|_)([a-z])/g, (_match, _sep: string, letter: string) => letter.toUpperCase());

export const restoreDtos = Object.fromEntries(
  entities.ENTITY_KINDS.map((kind) => [kind, named(z.object({ result: entityBodies[kind], changes: z.array(changeBody) }), `${pascal(kind)}RestoreDto`)]),
) as Record<EntityKind, Type<unknown>>;

const _inSync: [
  Same<z.output<typeof actorBody>, { id: projects.Actor['id']; email: projects.Actor['email'] | null } | null>,
  Same<z.output<typeof changeBody>, entities.FieldChange>,
] = [true, true];
void _inSync;
