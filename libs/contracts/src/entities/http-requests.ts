import { z } from 'zod';
import { pageQueryShape, searchSchema, tagsSchema } from '../common/schemas';
import { identityOverrideSchema } from './flag-definition';
import { ENTITY_KINDS, type EntityKind, kindSchemas } from './kinds';
import { EntitiesMessageSchemas, MAX_STALE_DAYS } from './message-schemas';
import { EntitiesSubjects } from './subjects';

/**
 * HTTP request bodies and queries of SPEC §4.4, snake_case as clients send them; strict: a misspelt field is a 400
 * naming it. Each kind's body is its schema in the table of kinds plus what every entity carries, so a field rule
 * exists once; the gateway maps each onto its NATS message (`./message-schemas`), which checks the same schemas.
 */

/** What every entity body may carry beside its kind's fields. */
const everyEntity = {
  tags: tagsSchema.optional().meta({ description: 'labels; a label the project does not know yet is created' }),
  is_project_wide: z
    .boolean()
    .optional()
    .meta({ description: 'true: visible in every environment of the project; what it references in this environment is promoted with it' }),
};

function createBodyOf<K extends EntityKind>(kind: K) {
  return kindSchemas[kind].extend(everyEntity);
}

function updateBodyOf<K extends EntityKind>(kind: K) {
  return kindSchemas[kind].partial().extend(everyEntity);
}

function byKind<T>(make: (kind: EntityKind) => T): Record<EntityKind, T> {
  return Object.fromEntries(ENTITY_KINDS.map((kind) => [kind, make(kind)])) as Record<EntityKind, T>;
}

/** `POST …/KIND/`: the kind's fields (required ones required), `tags`, `is_project_wide`. */
export const createEntity = byKind(createBodyOf) as { [K in EntityKind]: ReturnType<typeof createBodyOf<K>> };

/** `PATCH …/KIND/:id`: any of the kind's fields; what is sent changes. */
export const updateEntity = byKind(updateBodyOf) as { [K in EntityKind]: ReturnType<typeof updateBodyOf<K>> };

export const listScopeSchema = z
  .enum(['all', 'environment', 'project'])
  .default('all')
  .meta({ description: "all: the environment's own and the project's project-wide; environment: its own only; project: project-wide only" });

export const listEntities = z.strictObject({ ...pageQueryShape, scope: listScopeSchema, search: searchSchema.optional() });

/** `?stale=<days>` on a flag list: a whole number of days (SPEC §4.5). */
export const staleDaysSchema = z
  .string()
  .regex(/^\d{1,5}$/, 'stale is a whole number of days.')
  .transform(Number)
  .pipe(z.number().max(MAX_STALE_DAYS))
  .meta({ description: 'only flags neither evaluated by SDKs nor changed in this environment for this many days' });

export const listFeatureFlags = listEntities.extend({ stale: staleDaysSchema.optional() });

export const listProjectWide = z.strictObject({ ...pageQueryShape, search: searchSchema.optional() });

export const makeProjectWide = z.strictObject({
  dry_run: z.boolean().default(false).meta({ description: 'true: only answer what would be promoted; nothing changes' }),
});

export const noBody = z.strictObject({});

/** `PATCH …/feature_flags/:id/state` is the contract's state change as is: snake_case already. */
export { flagStateChangesSchema as updateFlagState } from './flag-definition';

export const setIdentityOverride = identityOverrideSchema;

/** `DELETE …/identity_overrides/?identifier=`: an identifier may hold `/` or run to 1,000 characters, past a path segment's 100. */
export const removeIdentityOverride = z.strictObject({ identifier: identityOverrideSchema.shape.identifier });

const tag = EntitiesMessageSchemas[EntitiesSubjects.createTag].shape;

export const createTag = z.strictObject({ label: tag.label, color: tag.color, description: tag.description, is_permanent: tag.isPermanent });

export const updateTag = createTag.partial();
