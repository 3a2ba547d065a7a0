import type { PropertyKind, PropertyType } from './property-types';

/** HTTP response bodies of SPEC §4.3, snake_case as served. The taxonomy service replies with these. */

/** `name_singular` / `name_plural` are `null` until a user labels the type. */
export interface GroupType {
  group_type: string;
  group_type_index: number;
  name_singular: string | null;
  name_plural: string | null;
}

export interface EventDefinition {
  id: string;
  name: string;
  description: string;
  tags: string[];
  verified: boolean;
  /** ISO-8601, accurate to the hour (written at most once per hour). */
  last_seen_at: string;
  created_at: string;
}

export interface PropertyDefinition {
  id: string;
  name: string;
  type: PropertyKind;
  group_type_index: number | null;
  property_type: PropertyType | null;
  /** `property_type === 'Numeric'`. */
  is_numerical: boolean;
  /** Editable through PATCH (SPEC §4.3), so served too. */
  description: string;
}
