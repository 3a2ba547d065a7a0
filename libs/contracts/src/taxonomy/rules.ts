import { z } from 'zod';
import { MAX_GROUP_TYPES, PROPERTY_KINDS, PROPERTY_TYPES, isGroupTypeName } from './property-types';

/** Field rules of SPEC §4.3 that no state decides: the request schemas apply them, the deciders trust them. */

/** Event and property names are taken as sent (case and spaces matter, as in the events). */
export const MAX_DEFINITION_NAME_LENGTH = 400;
/** PostHog's length for group type labels. */
export const MAX_GROUP_TYPE_LABEL_LENGTH = 400;

export const propertyTypeSchema = z.enum(PROPERTY_TYPES);
export const propertyKindSchema = z.enum(PROPERTY_KINDS);

/** `$group_0` … `$group_4`. */
export const groupTypeIndexSchema = z
  .number()
  .int()
  .min(0, `A group type index is 0 to ${MAX_GROUP_TYPES - 1}.`)
  .max(MAX_GROUP_TYPES - 1, `A group type index is 0 to ${MAX_GROUP_TYPES - 1}.`);

export const groupTypeNameSchema = z.string().refine(isGroupTypeName, 'A group type is 1–400 characters, not blank.');

/** A label: trimmed, at most 400 characters; `null` or blank clears it (an emptied form field means "no label"). */
export const groupTypeLabelSchema = z
  .string()
  .trim()
  .max(MAX_GROUP_TYPE_LABEL_LENGTH, `Ensure this field has no more than ${MAX_GROUP_TYPE_LABEL_LENGTH} characters.`)
  .nullable()
  .transform((label) => (label === '' ? null : label));
