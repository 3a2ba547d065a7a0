import { z } from 'zod';
import { descriptionSchema, nameSchema, tagsSchema, type Same } from '@strata/contracts';
import { exportedSegmentRulesSchema, featureStateValueSchema, flagDefinitionShape, flagStateChangesSchema, http, identityOverrideSchema, segmentOverrideSchema } from '@strata/contracts/entities';
import { settingsChangesSchema } from '@strata/contracts/projects';
import type { ExportEnvironmentSettings, ExportFeature, ExportFeatureSegment, ExportFeatureState, ExportIdentityOverride, ExportSegment, ExportTag } from '@strata/contracts/export';

const { createTag } = http;

/**
 * The schema of each element of an export file, built from the contracts' own rules (names, tags, flag definitions,
 * states, segment rules, settings) so a file is held to what the API accepts. `validateExportFile` parses element by
 * element, so one bad feature does not hide the problems of the next; cross-references are checked after.
 */

const description = descriptionSchema.nullish().transform((text) => text ?? '');
/** A feature is named by its flag key; references to it follow the same rule. */
export const featureNameSchema = flagDefinitionShape.key;
/** Strata's extra: the owning environment's name (absent: project-wide). */
const owningEnvironment = nameSchema.optional();

export const tagSchema = z.strictObject({
  label: createTag.shape.label,
  color: createTag.shape.color.transform((color) => color ?? null),
  description,
  is_permanent: z.boolean().default(false),
});

export const segmentSchema = z.strictObject({
  name: nameSchema,
  description,
  rules: exportedSegmentRulesSchema,
  environment: owningEnvironment,
});

export const featureSchema = z.strictObject({
  name: featureNameSchema,
  description,
  default_enabled: z.boolean().default(false),
  initial_value: flagDefinitionShape.initial_value.transform((value) => value ?? null),
  is_server_key_only: z.boolean().default(false),
  tags: tagsSchema.default([]),
  multivariate_options: flagDefinitionShape.multivariate_options.transform((options) => options ?? []),
  environment: owningEnvironment,
});

const stateShape = {
  enabled: z.boolean(),
  feature_state_value: featureStateValueSchema.nullish().transform((value) => value ?? null),
  multivariate_feature_state_values: flagStateChangesSchema.shape.multivariate_feature_state_values.transform((values) => values ?? []),
};

export const featureStateSchema = z.strictObject({ feature: featureNameSchema, ...stateShape });

export const featureSegmentSchema = z.strictObject({
  feature: featureNameSchema,
  segment: nameSchema,
  priority: segmentOverrideSchema.shape.priority,
  feature_state: z.strictObject(stateShape),
  scope: segmentOverrideSchema.shape.scope.optional(),
});

export const identityOverrideEntrySchema = z.strictObject({
  identifier: identityOverrideSchema.shape.identifier,
  feature: featureNameSchema,
  enabled: z.boolean(),
  feature_state_value: stateShape.feature_state_value,
});

/** An environment without its lists, which are parsed entry by entry; any other field must be a known setting. */
export const environmentSchema = z.strictObject({
  name: nameSchema,
  description: descriptionSchema.nullish(),
  ...settingsChangesSchema.shape,
  feature_states: z.array(z.unknown()).default([]),
  feature_segments: z.array(z.unknown()).default([]),
  identity_overrides: z.array(z.unknown()).optional(),
});

/** The file around its sections; `version` is checked before anything else. */
export const fileSchema = z.strictObject({
  version: z.unknown(),
  exported_at: z.iso.datetime({ offset: true, error: 'An ISO 8601 date and time, such as 2026-04-02T18:00:00Z.' }),
  tags: z.array(z.unknown()).default([]),
  segments: z.array(z.unknown()),
  features: z.array(z.unknown()),
  environments: z.array(z.unknown()),
});

type Settings = Omit<z.output<typeof environmentSchema>, 'name' | 'description' | 'feature_states' | 'feature_segments' | 'identity_overrides'>;
const _inSync: [
  Same<z.output<typeof tagSchema>, ExportTag>,
  Same<z.output<typeof segmentSchema>, ExportSegment>,
  Same<z.output<typeof featureSchema>, ExportFeature>,
  Same<z.output<typeof featureStateSchema>, ExportFeatureState>,
  Same<z.output<typeof featureSegmentSchema>, ExportFeatureSegment>,
  Same<z.output<typeof identityOverrideEntrySchema>, ExportIdentityOverride>,
  Same<Settings, ExportEnvironmentSettings>,
] = [true, true, true, true, true, true, true];
void _inSync;
