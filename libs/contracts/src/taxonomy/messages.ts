import type { Page, PageRequest, Preconditioned, TextPage, Versioned } from '../common/messages';
import type { EventDefinition, GroupType, PropertyDefinition } from './bodies';
import type { PropertyKind, PropertyType } from './property-types';

/**
 * Request/reply contracts of SPEC §4.3. Taxonomy is owned per project: the gateway has already resolved an
 * environment route to its project and checked, with the projects service, that the asker may see it; requests
 * carry the `projectId` only. Versions are the `ETag` (group types: the project's registry stream; definitions: their
 * own stream).
 */

export interface ListGroupTypesRequest {
  projectId: number;
}
/** Every mapping (at most 5), sorted by index. */
export type ListGroupTypesResponse = Page<GroupType>;

/** Absent fields are left as they are; `null` (or blank) clears a label. `group_type` itself can never change. */
export interface RenameGroupTypeRequest extends Preconditioned {
  projectId: number;
  index: number;
  nameSingular?: string | null;
  namePlural?: string | null;
}
export type RenameGroupTypeResponse = Versioned<GroupType>;

/**
 * Sent by the ingestion mapper for the group types it has no index for: registers the new ones (next free index) and
 * answers the index of each. Types beyond the 5th are not registered and come back in `dropped` — not an error.
 */
export interface ResolveGroupTypesRequest {
  projectId: number;
  groupTypes: string[];
}
export interface ResolveGroupTypesResponse {
  /** group type → index, for every asked type that has one (already or now). */
  mapping: Record<string, number>;
  dropped: string[];
}

export interface ListEventDefinitionsRequest {
  projectId: number;
  /** Case-insensitive substring of the name. */
  search?: string;
  page: PageRequest;
}
export type ListEventDefinitionsResponse = TextPage<EventDefinition>;

export interface GetEventDefinitionRequest {
  projectId: number;
  definitionId: string;
}
export type GetEventDefinitionResponse = Versioned<EventDefinition>;

export interface UpdateEventDefinitionRequest extends Preconditioned {
  projectId: number;
  definitionId: string;
  changes: { description?: string; tags?: string[]; verified?: boolean };
}
export type UpdateEventDefinitionResponse = Versioned<EventDefinition>;

export interface ListPropertyDefinitionsRequest {
  projectId: number;
  type?: PropertyKind;
  /** Only meaningful with `type: 'group'`. */
  groupTypeIndex?: number;
  search?: string;
  page: PageRequest;
}
export type ListPropertyDefinitionsResponse = TextPage<PropertyDefinition>;

export interface GetPropertyDefinitionRequest {
  projectId: number;
  definitionId: string;
}
export type GetPropertyDefinitionResponse = Versioned<PropertyDefinition>;

/** A user-set `propertyType` wins over detection, now and later. */
export interface UpdatePropertyDefinitionRequest extends Preconditioned {
  projectId: number;
  definitionId: string;
  changes: { propertyType?: PropertyType; description?: string };
}
export type UpdatePropertyDefinitionResponse = Versioned<PropertyDefinition>;

/** One property as the mapper saw it: `detectedType` per `detectPropertyType`, `null` for values without a type. */
export interface PropertyObservation {
  name: string;
  type: PropertyKind;
  /** Present for `type: 'group'` only. */
  groupTypeIndex?: number;
  detectedType: PropertyType | null;
}

/**
 * What the ingestion mapper saw of one project since its last report, de-duplicated: each event name and each
 * (property, kind, group index, detected type) once, and only when new to the mapper or due for `last_seen_at`.
 */
export interface RecordObservationsRequest {
  projectId: number;
  eventNames: string[];
  properties: PropertyObservation[];
  /** ISO-8601: the latest of the sightings reported (later repeats of them are not counted). */
  seenAt: string;
}
/** `written`: how many definition writes the batch caused (what the definitions benchmark counts). */
export interface RecordObservationsResponse {
  written: number;
}

