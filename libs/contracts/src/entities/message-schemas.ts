import { z } from 'zod';
import { descriptionSchema, ifMatchSchema, integerIdSchema, MAX_TAG_LENGTH, pageRequestSchema, searchSchema, tagsSchema, uuidSchema } from '../common/schemas';
import { featureStateValueSchema, flagStateChangesSchema, identityOverrideSchema } from './flag-definition';
import { ENTITY_KINDS, kindSchemas, type EntityKind, type KindFields } from './kinds';
import { EntitiesSubjects as S, type EntitiesSubject } from './subjects';

/** `?stale=` beyond this (about 27 years) is refused rather than overflowing an interval. */
export const MAX_STALE_DAYS = 10_000;
/** Rows in one batch of evaluation counts: an edge sends more as several batches. */
export const MAX_EVALUATION_COUNTS = 10_000;

/** Each `entities.*` request as the service receives it over NATS, camelCase; a kind's fields checked by its schema. */

const scope = z.object({ projectId: integerIdSchema, environmentId: integerIdSchema });
const kind = z.enum(ENTITY_KINDS as [EntityKind, ...EntityKind[]]);
const id = uuidSchema;
const on = { in: scope, kind, id };

/** `fields` (or `changes`) checked by the schema of the request's `kind`; problems named under it. */
function withKindFields<T extends { kind: EntityKind }>(key: 'fields' | 'changes', partial: boolean) {
  return (request: T & Record<string, unknown>, context: z.RefinementCtx) => {
    const schema = partial ? kindSchemas[request.kind].partial() : kindSchemas[request.kind];
    const parsed = schema.safeParse(request[key] ?? {});
    if (parsed.success) return { ...request, [key]: parsed.data as Partial<KindFields> };
    for (const issue of parsed.error.issues) context.addIssue({ ...issue, path: [key, ...issue.path] } as z.core.$ZodRawIssue);
    return z.NEVER;
  };
}

export const EntitiesMessageSchemas = {
  [S.list]: z.object({
    in: scope,
    kind,
    scope: z.enum(['all', 'environment', 'project']).default('all'),
    search: searchSchema.optional(),
    stale: z.object({ days: z.number().int().min(0).max(MAX_STALE_DAYS), at: z.iso.datetime({ offset: true }).optional() }).optional(),
    page: pageRequestSchema,
  }),
  [S.listProjectWide]: z.object({ projectId: integerIdSchema, kind, search: searchSchema.optional(), page: pageRequestSchema }),
  [S.get]: z.object(on),
  [S.create]: z
    .object({ in: scope, kind, fields: z.record(z.string(), z.unknown()), tags: tagsSchema.optional(), isProjectWide: z.boolean().optional() })
    .transform(withKindFields('fields', false)),
  [S.update]: z
    .object({ ...on, changes: z.record(z.string(), z.unknown()), tags: tagsSchema.optional(), isProjectWide: z.boolean().optional(), ifMatch: ifMatchSchema })
    .transform(withKindFields('changes', true)),
  [S.delete]: z.object({ ...on, ifMatch: ifMatchSchema }),
  [S.makeProjectWide]: z.object({ ...on, dryRun: z.boolean().default(false) }),
  [S.makeEnvironmentSpecific]: z.object(on),
  [S.dependents]: z.object(on),
  [S.getFlagState]: z.object({ in: scope, flagId: id }),
  [S.updateFlagState]: z.object({ in: scope, flagId: id, changes: flagStateChangesSchema, ifMatch: ifMatchSchema }),
  [S.listIdentityOverrides]: z.object({ in: scope, flagId: id, page: pageRequestSchema }),
  [S.setIdentityOverride]: z.object({
    in: scope,
    flagId: id,
    identifier: identityOverrideSchema.shape.identifier,
    enabled: z.boolean(),
    featureStateValue: featureStateValueSchema.nullable().optional(),
  }),
  [S.removeIdentityOverride]: z.object({ in: scope, flagId: id, identifier: identityOverrideSchema.shape.identifier }),
  [S.recordEvaluations]: z.object({
    batchId: id,
    counts: z
      .array(
        z.object({
          flagId: id,
          environmentId: integerIdSchema,
          hour: z.iso.datetime({ offset: true }),
          count: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER),
        }),
      )
      .max(MAX_EVALUATION_COUNTS),
  }),
  [S.listTags]: z.object({ projectId: integerIdSchema, page: pageRequestSchema }),
  [S.createTag]: z.object({ projectId: integerIdSchema, ...tagShape() }),
  [S.updateTag]: z.object({ projectId: integerIdSchema, tagId: id, ...partialTagShape(), ifMatch: ifMatchSchema }),
  [S.deleteTag]: z.object({ projectId: integerIdSchema, tagId: id, ifMatch: ifMatchSchema }),
} as const;

function tagShape() {
  return {
    label: z.string().trim().min(1, 'A tag needs a label.').max(MAX_TAG_LENGTH),
    color: z.string().regex(/^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$/, 'Must be a hex colour such as #ffcc00.').nullable().optional(),
    description: descriptionSchema.optional(),
    isPermanent: z.boolean().optional(),
  };
}

function partialTagShape() {
  const { label, ...rest } = tagShape();
  return { label: label.optional(), ...rest };
}

/** The schema an `entities.*` handler parses its payload with. */
export function entitiesMessageSchema<Subject extends EntitiesSubject>(subject: Subject): (typeof EntitiesMessageSchemas)[Subject] {
  return EntitiesMessageSchemas[subject];
}
