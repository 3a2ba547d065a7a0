import { z } from 'zod';
import { descriptionSchema, pageQueryShape, searchSchema, tagsSchema } from '../common/schemas';
import { groupTypeIndexSchema, groupTypeLabelSchema, propertyKindSchema, propertyTypeSchema } from './rules';

/**
 * HTTP request bodies and queries of SPEC §4.3, snake_case as clients send them; strict: a misspelt field is a 400
 * naming it. The gateway maps each onto its NATS message (`./message-schemas`).
 */

export const listGroupTypes = z.strictObject(pageQueryShape);

export const renameGroupType = z
  .strictObject({ name_singular: groupTypeLabelSchema.optional(), name_plural: groupTypeLabelSchema.optional() })
  .meta({ description: 'labels only: `group_type` itself never changes; `null` or blank clears a label' });

/** `:index` of `…/group_types/:index`, as the path carries it. */
export const groupTypeIndexParam = z.coerce.number().pipe(groupTypeIndexSchema);

export const listEventDefinitions = z.strictObject({ ...pageQueryShape, search: searchSchema.optional() });

export const listPropertyDefinitions = z.strictObject({
  ...pageQueryShape,
  search: searchSchema.optional(),
  type: propertyKindSchema.optional(),
  group_type_index: z.coerce.number().pipe(groupTypeIndexSchema).optional(),
});

export const updateEventDefinition = z.strictObject({
  description: descriptionSchema.optional(),
  tags: tagsSchema.optional(),
  verified: z.boolean().optional(),
});

export const updatePropertyDefinition = z.strictObject({
  property_type: propertyTypeSchema.optional().meta({ description: 'a type set here wins over detection, now and later' }),
  description: descriptionSchema.optional(),
});
