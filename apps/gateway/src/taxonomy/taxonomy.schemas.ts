import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';
import { pageOf } from '../api/bodies';
import { pageShape } from '../api/requests';

/** SPEC §4.3 bodies and queries, validated at the edge (strict: a misspelt field is a 400 naming it). */

const propertyType = z.enum(['String', 'Numeric', 'Boolean', 'DateTime']);
const label = z.string().trim().min(1).max(200).nullable();
const search = z.string().max(400).optional().meta({ description: 'case-insensitive substring of the name' });

export const groupTypeBody = z.object({
  group_type: z.string(),
  group_type_index: z.number().int(),
  name_singular: z.string().nullable(),
  name_plural: z.string().nullable(),
});

export const eventDefinitionBody = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string(),
  tags: z.array(z.string()),
  verified: z.boolean(),
  last_seen_at: z.string(),
  created_at: z.string(),
});

export const propertyDefinitionBody = z.object({
  id: z.string(),
  name: z.string(),
  type: z.enum(['event', 'person', 'group']),
  group_type_index: z.number().int().nullable(),
  property_type: propertyType.nullable(),
  is_numerical: z.boolean(),
  description: z.string(),
});

export const renameGroupTypeRequest = z
  .strictObject({ name_singular: label.optional(), name_plural: label.optional() })
  .meta({ description: 'labels only: `group_type` itself never changes' });

export const eventDefinitionsQuery = z.strictObject({ ...pageShape, search });

export const propertyDefinitionsQuery = z.strictObject({
  ...pageShape,
  search,
  type: z.enum(['event', 'person', 'group']).optional(),
  group_type_index: z.coerce.number().int().min(0).max(4).optional(),
});

export const updateEventDefinitionRequest = z.strictObject({
  description: z.string().max(4000).optional(),
  tags: z.array(z.string().trim().min(1).max(200)).max(50).optional(),
  verified: z.boolean().optional(),
});

export const updatePropertyDefinitionRequest = z.strictObject({
  property_type: propertyType.optional().meta({ description: 'a type set here wins over detection, now and later' }),
  description: z.string().max(4000).optional(),
});

export class GroupTypeDto extends createZodDto(groupTypeBody) {}
export class GroupTypePageDto extends createZodDto(pageOf(groupTypeBody)) {}
export class EventDefinitionDto extends createZodDto(eventDefinitionBody) {}
export class EventDefinitionPageDto extends createZodDto(pageOf(eventDefinitionBody)) {}
export class PropertyDefinitionDto extends createZodDto(propertyDefinitionBody) {}
export class PropertyDefinitionPageDto extends createZodDto(pageOf(propertyDefinitionBody)) {}
export class RenameGroupTypeRequestDto extends createZodDto(renameGroupTypeRequest) {}
export class EventDefinitionsQueryDto extends createZodDto(eventDefinitionsQuery) {}
export class PropertyDefinitionsQueryDto extends createZodDto(propertyDefinitionsQuery) {}
export class UpdateEventDefinitionRequestDto extends createZodDto(updateEventDefinitionRequest) {}
export class UpdatePropertyDefinitionRequestDto extends createZodDto(updatePropertyDefinitionRequest) {}
