import { isStorableText } from '../common/text';

/** The vocabulary of taxonomy (SPEC §4.3), shared by taxonomy and the ingestion mapper that observes properties. */

export const PROPERTY_TYPES = ['String', 'Numeric', 'Boolean', 'DateTime'] as const;
export type PropertyType = (typeof PROPERTY_TYPES)[number];

/** What a property describes: the event itself, the person (`$set`, `$set_once`) or a group (`$group_set`). */
export const PROPERTY_KINDS = ['event', 'person', 'group'] as const;
export type PropertyKind = (typeof PROPERTY_KINDS)[number];

/** At most five group types per project, indexes 0–4 (`$group_0` … `$group_4`). */
export const MAX_GROUP_TYPES = 5;

/** A group type is case-sensitive, as sent in events: 1–400 characters, not blank. */
export const MAX_GROUP_TYPE_LENGTH = 400;

export function isGroupTypeName(value: unknown): value is string {
  return typeof value === 'string' && value.length <= MAX_GROUP_TYPE_LENGTH && value.trim().length > 0 && isStorableText(value);
}

/** `last_seen_at` of a definition is written at most once per this interval. */
export const LAST_SEEN_WRITE_INTERVAL_MS = 60 * 60 * 1000;

export function isPropertyType(value: unknown): value is PropertyType {
  return typeof value === 'string' && (PROPERTY_TYPES as readonly string[]).includes(value);
}

export function isPropertyKind(value: unknown): value is PropertyKind {
  return typeof value === 'string' && (PROPERTY_KINDS as readonly string[]).includes(value);
}
