import { type Type } from '@nestjs/common';
import { entities, type Same } from '@strata/contracts';
import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';
import { pageOf } from './bodies';

/**
 * Response bodies of SPEC §4.4 as zod schemas, for the OpenAPI document only: each kind's body is its fields from the
 * table of kinds plus what every entity has, checked at compile time against the contract types like `./bodies`.
 */

type EntityKind = entities.EntityKind;

const timestamp = z.string().meta({ format: 'date-time' });
const kindSchema = z.enum(entities.ENTITY_KINDS as [EntityKind, ...EntityKind[]]);

const everyEntity = {
  id: z.string(),
  is_project_wide: z.boolean(),
  environment_id: z.number().int().nullable().meta({ description: 'the owning environment; null when project-wide' }),
  project_id: z.number().int(),
  tags: z.array(z.string()),
  version: z.number().int(),
  created_at: timestamp,
  updated_at: timestamp,
};

function entityBodyOf<K extends EntityKind>(kind: K) {
  return z.object({ ...entities.kindSchemas[kind].shape, ...everyEntity });
}

export const entityBodies = Object.fromEntries(entities.ENTITY_KINDS.map((kind) => [kind, entityBodyOf(kind)])) as {
  [K in EntityKind]: ReturnType<typeof entityBodyOf<K>>;
};

export const entityRefBody = z.object({ kind: kindSchema, id: z.string() });

export const dependentBody = z.object({
  kind: z.union([kindSchema, z.literal('environment')]),
  id: z.union([z.string(), z.number().int()]),
});

export const dependentEntityBody = z.object({
  kind: kindSchema,
  id: z.string(),
  name: z.string().meta({ description: "the entity's name (a flag's key)" }),
  is_project_wide: z.boolean(),
});

export function promotionBodyOf(kind: EntityKind) {
  return z.object({
    result: entityBodies[kind].meta({ description: 'the entity as it is afterwards (in a dry run: as it would be)' }),
    promoted: z.array(entityRefBody).meta({ description: 'every entity whose scope the call changes (or would)' }),
  });
}

export function demotionBodyOf(kind: EntityKind) {
  return z.object({ result: entityBodies[kind] });
}

const featureStateValue = entities.featureStateValueSchema;

export const flagStateBody = z.object({
  feature_flag_id: z.string(),
  environment_id: z.number().int(),
  enabled: z.boolean(),
  feature_state_value: featureStateValue.nullable(),
  multivariate_feature_state_values: z.array(entities.multivariateStateValueSchema),
  segment_overrides: z.array(entities.segmentOverrideSchema).meta({ description: "this environment's rollout groups and the project's, by priority" }),
  version: z.number().int(),
  evaluations: z
    .object({ last_24h: z.number().int(), last_30d: z.number().int() })
    .optional()
    .meta({
      description:
        'SDK evaluations in this environment (`POST /api/v1/analytics/flags/`): the last 24 hourly buckets and the last 720; on the live state only, not on a past version',
    }),
});

export const identityOverrideBody = z.object({ identifier: z.string(), enabled: z.boolean(), feature_state_value: featureStateValue.nullable() });

export const tagBody = z.object({
  id: z.string(),
  project_id: z.number().int(),
  label: z.string(),
  color: z.string().nullable(),
  description: z.string(),
  is_permanent: z.boolean(),
  created_at: timestamp,
});

/** Named DTO classes of one kind, for the document (`FeatureFlagDto`, `FeatureFlagPageDto`, …). */
export interface KindDtos {
  entity: Type<unknown>;
  page: Type<unknown>;
  promotion: Type<unknown>;
  demotion: Type<unknown>;
}

export function named(schema: z.ZodType, name: string): Type<unknown> {
  const dto = createZodDto(schema);
  Object.defineProperty(dto, 'name', { value: name });
  return dto;
}

const pascal = (kind: EntityKind) => kind.replace(/(^|_)([a-z])/g, (_match, _sep: string, letter: string) => letter.toUpperCase());

export const kindDtos = Object.fromEntries(
  entities.ENTITY_KINDS.map((kind) => {
    const name = pascal(kind);
    const dtos: KindDtos = {
      entity: named(entityBodies[kind], `${name}Dto`),
      page: named(pageOf(entityBodies[kind]), `${name}PageDto`),
      promotion: named(promotionBodyOf(kind), `${name}PromotionDto`),
      demotion: named(demotionBodyOf(kind), `${name}DemotionDto`),
    };
    return [kind, dtos];
  }),
) as Record<EntityKind, KindDtos>;

export const FlagStateDto = named(flagStateBody, 'FlagStateDto');
export const IdentityOverrideDto = named(identityOverrideBody, 'IdentityOverrideDto');
export const IdentityOverridePageDto = named(pageOf(identityOverrideBody), 'IdentityOverridePageDto');
export const TagDto = named(tagBody, 'TagDto');
export const TagPageDto = named(pageOf(tagBody), 'TagPageDto');
export const DependentPageDto = named(pageOf(dependentEntityBody), 'DependentPageDto');

type KindsInSync = { [K in EntityKind]: Same<z.output<(typeof entityBodies)[K]>, entities.Entity<K>> };
/** Fails to compile when a kind's body and its contract differ: `KindsInSync` must be `true` for every kind. */
type AllTrue<T extends { [K in keyof T]: true }> = T;
const _kindsInSync: AllTrue<KindsInSync>[EntityKind] = true;
const _inSync: [
  Same<z.output<typeof entityRefBody>, entities.EntityRef>,
  Same<z.output<typeof dependentBody>, entities.Dependent>,
  Same<z.output<typeof dependentEntityBody>, entities.DependentEntity>,
  Same<z.output<typeof flagStateBody>, entities.FlagState>,
  Same<z.output<typeof identityOverrideBody>, entities.IdentityOverride>,
  Same<z.output<typeof tagBody>, entities.Tag>,
  Same<z.output<ReturnType<typeof promotionBodyOf>>, Omit<entities.MakeProjectWideResponse, 'version'>>,
] = [true, true, true, true, true, true, true];
void [_kindsInSync, _inSync];
