import { z } from 'zod';
import { descriptionSchema, uuidSchema } from '../common/schemas';
import { identifierSchema } from '../flags/identifier';

/**
 * Feature flags (SPEC §4.4) in Flagsmith's shapes, so its export files map onto them field by field: a definition
 * shared by every environment that sees the flag, and a state per environment.
 */

export const MAX_FLAG_KEY_LENGTH = 400;
export const MAX_VALUE_LENGTH = 20_000;
export const MAX_MULTIVARIATE_OPTIONS = 100;
export const MAX_SEGMENT_OVERRIDES = 100;

/** Flagsmith's value types: `unicode` (string), `int`, `bool`. */
export const VALUE_TYPES = ['unicode', 'int', 'bool'] as const;
export type ValueType = (typeof VALUE_TYPES)[number];

const percentage = z.number().min(0).max(100);

/** A typed value: the field of its type holds it (`{type: 'int', integer_value: 3}`). */
export const featureStateValueSchema = z
  .strictObject({
    type: z.enum(VALUE_TYPES),
    string_value: z.string().max(MAX_VALUE_LENGTH).nullable().optional(),
    integer_value: z.number().int().nullable().optional(),
    boolean_value: z.boolean().nullable().optional(),
  })
  .superRefine((value, context) => {
    const field = VALUE_FIELD[value.type];
    if (value[field] === undefined || value[field] === null) context.addIssue({ code: 'custom', message: `A ${value.type} value needs ${field}.`, path: [field] });
  });
export type FeatureStateValue = z.output<typeof featureStateValueSchema>;

export const VALUE_FIELD = { unicode: 'string_value', int: 'integer_value', bool: 'boolean_value' } as const satisfies Record<ValueType, string>;

export const multivariateOptionSchema = featureStateValueSchema.and(z.object({ default_percentage_allocation: percentage }));

/** Allocations of one state (or one option list) add up to at most 100. */
function allocationsAtMost100<T>(allocation: (item: T) => number) {
  return (items: readonly T[], context: z.RefinementCtx) => {
    const total = items.reduce((sum, item) => sum + allocation(item), 0);
    if (total > 100 + 1e-9) context.addIssue({ code: 'custom', message: `Allocations add up to ${total}; at most 100.` });
  };
}

export const flagDefinitionShape = {
  key: z.string().trim().min(1, 'A flag needs a key.').max(MAX_FLAG_KEY_LENGTH),
  name: z.string().trim().max(400).optional(),
  description: descriptionSchema.optional(),
  default_enabled: z.boolean().optional(),
  initial_value: z.string().max(MAX_VALUE_LENGTH).nullable().optional(),
  is_server_key_only: z.boolean().optional(),
  multivariate_options: z
    .array(multivariateOptionSchema)
    .max(MAX_MULTIVARIATE_OPTIONS)
    .superRefine(allocationsAtMost100((option: { default_percentage_allocation: number }) => option.default_percentage_allocation))
    .optional(),
};

export const multivariateStateValueSchema = z.strictObject({ multivariate_feature_option: z.number().int().min(0), percentage_allocation: percentage });
const allocations = z
  .array(multivariateStateValueSchema)
  .max(MAX_MULTIVARIATE_OPTIONS)
  .superRefine(allocationsAtMost100((value: { percentage_allocation: number }) => value.percentage_allocation));

/** A rollout group: a cohort as segment, with what the flag is for its members. */
export const segmentOverrideSchema = z.strictObject({
  segment_id: uuidSchema,
  priority: z.number().int().min(0).max(1_000_000),
  scope: z.enum(['environment', 'project']).meta({ description: 'project: applies in every environment of the project' }),
  enabled: z.boolean(),
  feature_state_value: featureStateValueSchema.nullable().optional(),
  multivariate_feature_state_values: allocations.optional(),
});
export type SegmentOverride = z.output<typeof segmentOverrideSchema>;

/** `PATCH …/feature_flags/:id/state`: what is sent changes; `segment_overrides` replaces the list as sent, both scopes. */
export const flagStateChangesSchema = z.strictObject({
  enabled: z.boolean().optional(),
  feature_state_value: featureStateValueSchema.nullable().optional(),
  multivariate_feature_state_values: allocations.optional(),
  segment_overrides: z.array(segmentOverrideSchema).max(MAX_SEGMENT_OVERRIDES).optional(),
});
export type FlagStateChanges = z.output<typeof flagStateChangesSchema>;

export const identityOverrideSchema = z.strictObject({
  /** Trimmed, as evaluation reads an identifier (`flags.identifierSchema`): the override is found either way. */
  identifier: identifierSchema,
  enabled: z.boolean(),
  feature_state_value: featureStateValueSchema.nullable().optional(),
});
export type IdentityOverrideInput = z.output<typeof identityOverrideSchema>;
