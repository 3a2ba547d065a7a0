import type { DomainEvent } from '../projects/event';
import type { PropertyKind, PropertyType } from './property-types';

/**
 * Streams of the taxonomy service:
 * - `taxonomy-<projectId>`: the project's group-type registry and the removal of its taxonomy. One stream per project,
 *   so concurrent registrations are serialised by optimistic concurrency on it.
 * - `event-definition-<projectId>-<name>` and `property-definition-<projectId>-<kind>-<groupTypeIndex|_>-<name>`: one
 *   stream per definition, named by its natural key so that two first sightings of one name collide on the stream
 *   (`no_stream`) instead of creating two definitions. `definitionId` (UUID v7) is the id served over HTTP.
 */

/** A group type got its index; `groupType` and `index` never change afterwards. */
export type GroupTypeRegistered = DomainEvent<
  'GroupTypeRegistered',
  { projectId: number; groupType: string; index: number; registeredAt: string }
>;

/** Display labels only; `null` = back to the default (the group type itself). */
export type GroupTypeRenamed = DomainEvent<
  'GroupTypeRenamed',
  { projectId: number; index: number; groupType: string; nameSingular: string | null; namePlural: string | null }
>;

/** The project was deleted: every group type and definition of it is gone (read models delete by `projectId`). */
export type ProjectTaxonomyRemoved = DomainEvent<'ProjectTaxonomyRemoved', { projectId: number; removedAt: string }>;

export type GroupTypeEvent = GroupTypeRegistered | GroupTypeRenamed | ProjectTaxonomyRemoved;

/** First sighting of an event name in a project; it counts as the first `last_seen_at` write. */
export type EventDefinitionCreated = DomainEvent<
  'EventDefinitionCreated',
  { projectId: number; definitionId: string; name: string; createdAt: string; lastSeenAt: string }
>;

/** Only the fields that changed. */
export type EventDefinitionUpdated = DomainEvent<
  'EventDefinitionUpdated',
  {
    projectId: number;
    definitionId: string;
    changes: { description?: string; tags?: string[]; verified?: boolean };
    updatedAt: string;
  }
>;

/** Written at most once per hour per definition (`LAST_SEEN_WRITE_INTERVAL_MS`). */
export type EventDefinitionSeen = DomainEvent<
  'EventDefinitionSeen',
  { projectId: number; definitionId: string; lastSeenAt: string }
>;

export type EventDefinitionEvent = EventDefinitionCreated | EventDefinitionUpdated | EventDefinitionSeen;

/** `propertyType` is the type detected at the first sighting, `null` when that value had none (null, object…). */
export type PropertyDefinitionCreated = DomainEvent<
  'PropertyDefinitionCreated',
  {
    projectId: number;
    definitionId: string;
    name: string;
    kind: PropertyKind;
    /** Set for `kind: 'group'` only. */
    groupTypeIndex: number | null;
    propertyType: PropertyType | null;
    createdAt: string;
  }
>;

/**
 * `source: 'detected'`: the first typed sighting of a definition created without a type. `source: 'user'`: a user
 * set the type; it wins over detection, and detection never changes a type once set.
 */
export type PropertyDefinitionTypeSet = DomainEvent<
  'PropertyDefinitionTypeSet',
  { projectId: number; definitionId: string; propertyType: PropertyType; source: 'detected' | 'user'; setAt: string }
>;

export type PropertyDefinitionUpdated = DomainEvent<
  'PropertyDefinitionUpdated',
  { projectId: number; definitionId: string; changes: { description?: string }; updatedAt: string }
>;

export type PropertyDefinitionEvent = PropertyDefinitionCreated | PropertyDefinitionTypeSet | PropertyDefinitionUpdated;

/** Every event the taxonomy service publishes on `events.taxonomy.<type>`. */
export type TaxonomyEvent = GroupTypeEvent | EventDefinitionEvent | PropertyDefinitionEvent;
export type TaxonomyEventType = TaxonomyEvent['type'];

export const TAXONOMY_EVENT_TYPES = [
  'GroupTypeRegistered',
  'GroupTypeRenamed',
  'ProjectTaxonomyRemoved',
  'EventDefinitionCreated',
  'EventDefinitionUpdated',
  'EventDefinitionSeen',
  'PropertyDefinitionCreated',
  'PropertyDefinitionTypeSet',
  'PropertyDefinitionUpdated',
] as const satisfies readonly TaxonomyEventType[];

// Fails to compile when an event type is added to the union but not to the list above.
type Missing = Exclude<TaxonomyEventType, (typeof TAXONOMY_EVENT_TYPES)[number]>;
const _everyTypeListed: [Missing] extends [never] ? true : Missing = true;
void _everyTypeListed;

export function isTaxonomyEventType(type: string): type is TaxonomyEventType {
  return (TAXONOMY_EVENT_TYPES as readonly string[]).includes(type);
}
