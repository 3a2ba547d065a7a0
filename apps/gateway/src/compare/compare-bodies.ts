import { entities, type Same } from '@strata/contracts';
import { z } from 'zod';
import { named } from '../api/entity-bodies';

/**
 * Response bodies of SPEC §11 as zod schemas, for the OpenAPI document only, checked at compile time against the
 * contract types like `../api/entity-bodies`.
 */

type EntityKind = entities.EntityKind;
const kindSchema = z.enum(entities.ENTITY_KINDS as [EntityKind, ...EntityKind[]]);
const fieldSchema = z.enum(entities.COMPARED_FIELDS);

export const comparedStateBody = z.object({
  enabled: z.boolean(),
  feature_state_value: entities.featureStateValueSchema.nullable(),
  multivariate_feature_state_values: z.array(entities.multivariateStateValueSchema),
  segment_overrides: z.array(entities.segmentOverrideSchema).meta({ description: "the environment's rollout groups and the project's, by priority" }),
  identity_overrides_count: z.number().int(),
});

const namedEnvironment = z.object({ id: z.number().int(), name: z.string() });
const ownEntity = z.object({ kind: kindSchema, id: z.string(), name: z.string() });

export const compareBody = z.object({
  base: namedEnvironment,
  head: namedEnvironment,
  flags: z.array(
    z.object({
      id: z.string(),
      key: z.string(),
      base: comparedStateBody,
      head: comparedStateBody,
      differs: z.array(fieldSchema).meta({ description: "the fields whose meaning differs (a group on each environment's own cohort of one name matches)" }),
    }),
  ),
  own_entities: z.object({ base: z.array(ownEntity), head: z.array(ownEntity) }),
});

const copiedEntity = z.object({ kind: kindSchema, from_id: z.string(), id: z.string().nullable().meta({ description: 'null in a dry run for what would be created' }) });

export const copyFlagStatesBody = z.object({
  changes: z.array(z.object({ id: z.string(), key: z.string(), differs: z.array(fieldSchema), before: comparedStateBody, after: comparedStateBody })),
  created: z.array(copiedEntity).meta({ description: "the source's own cohorts (and what they reference) copied with copy_cohorts" }),
});

export const copyEntityBody = z.object({ created: z.array(copiedEntity), linked: z.array(copiedEntity) });

export const CompareDto = named(compareBody, 'CompareDto');
export const CopyFlagStatesDto = named(copyFlagStatesBody, 'CopyFlagStatesDto');
export const CopyEntityDto = named(copyEntityBody, 'CopyEntityDto');

const _inSync: [
  Same<z.output<typeof comparedStateBody>, entities.ComparedState>,
  Same<z.output<typeof compareBody>, entities.CompareResponse>,
  Same<z.output<typeof copyFlagStatesBody>, entities.CopyFlagStatesResponse>,
  Same<z.output<typeof copyEntityBody>, entities.CopyEntityResponse>,
] = [true, true, true, true];
void _inSync;
