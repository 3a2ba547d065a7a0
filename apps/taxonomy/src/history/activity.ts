import { taxonomy } from '@strata/contracts';
import type { RecordedEvent } from '@strata/eventstore';
import { changeLogProjection, diffFields, type ChangeLogEntry, type Known } from '@strata/service-kit';

/**
 * How the taxonomy service's events become entries of its change log (SPEC §10) — no I/O. Each group type, event
 * definition and property definition is a subject whose fields (as the API names them) the changes compare; taxonomy
 * is the project's, so every entry is a change of the project as a whole.
 *
 * What ingestion discovers is in it too, with no actor: a definition's or group type's first sighting (`created`) and
 * a property's first detected type (`updated`). They are one entry per thing the project comes to have, not per event,
 * and they are the "before" a user's change is measured against (a user's `property_type` replaces a detected one).
 * `last_seen_at` is not: it is usage, written hourly for every definition in use, not a change of what it is.
 */

type Event = taxonomy.TaxonomyEvent;
/** A subject's fields as the API names them. */
type Fields = Record<string, unknown>;
type Entry = ChangeLogEntry<Fields>;

/** The events that make entries; `EventDefinitionSeen` (usage) and `ProjectTaxonomyRemoved` (the project's own deletion, in its log) do not. */
export const TAXONOMY_ACTIVITY_EVENTS = [
  'GroupTypeRegistered', 'GroupTypeRenamed', 'EventDefinitionCreated', 'EventDefinitionUpdated',
  'PropertyDefinitionCreated', 'PropertyDefinitionTypeSet', 'PropertyDefinitionUpdated',
] as const satisfies readonly taxonomy.TaxonomyEventType[];

const groupType = (projectId: number, index: number) => `group-type-${projectId}-${index}`;
const eventDefinition = (id: string) => `event-definition-${id}`;
const propertyDefinition = (id: string) => `property-definition-${id}`;

function subjectOf(event: Event): string | null {
  switch (event.type) {
    case 'GroupTypeRegistered':
    case 'GroupTypeRenamed':
      return groupType(event.data.projectId, event.data.index);
    case 'EventDefinitionCreated':
    case 'EventDefinitionUpdated':
    case 'EventDefinitionSeen':
      return eventDefinition(event.data.definitionId);
    case 'PropertyDefinitionCreated':
    case 'PropertyDefinitionTypeSet':
    case 'PropertyDefinitionUpdated':
      return propertyDefinition(event.data.definitionId);
    case 'ProjectTaxonomyRemoved':
      return null;
    default: {
      const _exhaustive: never = event;
      return _exhaustive;
    }
  }
}

export function subjectsOf(event: RecordedEvent<Event>): string[] {
  const subject = subjectOf(event);
  return subject === null ? [] : [subject];
}

type Place = Pick<Entry, 'projectId' | 'kind' | 'entityId' | 'action'>;

export function entryOf(event: RecordedEvent<Event>, known: Known<Fields>): Entry | null {
  const subject = subjectOf(event);
  if (subject === null) return null;
  const change = (place: Place, after: Fields): Entry => {
    const name = String(after.name ?? after.group_type ?? '') || null;
    return { ...place, environmentId: null, subject, name, changes: diffFields(known.state(subject) ?? {}, after), state: after };
  };
  const before = known.state(subject) ?? {};
  switch (event.type) {
    case 'GroupTypeRegistered': {
      const { projectId, groupType: type, index } = event.data;
      const after = { group_type: type, group_type_index: index, name_singular: null, name_plural: null };
      return change({ projectId, kind: 'group_type', entityId: String(index), action: 'created' }, after);
    }
    case 'GroupTypeRenamed': {
      const { projectId, groupType: type, index, nameSingular, namePlural } = event.data;
      const after = { group_type: type, group_type_index: index, name_singular: nameSingular, name_plural: namePlural };
      return change({ projectId, kind: 'group_type', entityId: String(index), action: 'updated' }, after);
    }
    case 'EventDefinitionCreated': {
      const { projectId, definitionId, name } = event.data;
      const after = { name, description: '', tags: [], verified: false };
      return change({ projectId, kind: 'event_definition', entityId: definitionId, action: 'created' }, after);
    }
    case 'EventDefinitionUpdated': {
      const { projectId, definitionId, changes } = event.data;
      const after = { ...before, ...changes };
      return change({ projectId, kind: 'event_definition', entityId: definitionId, action: 'updated' }, after);
    }
    case 'PropertyDefinitionCreated': {
      const { projectId, definitionId, name, kind, groupTypeIndex, propertyType } = event.data;
      const after = { name, type: kind, group_type_index: groupTypeIndex, property_type: propertyType, description: '' };
      return change({ projectId, kind: 'property_definition', entityId: definitionId, action: 'created' }, after);
    }
    case 'PropertyDefinitionTypeSet':
    case 'PropertyDefinitionUpdated': {
      const { projectId, definitionId } = event.data;
      const changed = event.type === 'PropertyDefinitionTypeSet' ? { property_type: event.data.propertyType } : event.data.changes;
      const after = { ...before, ...changed };
      return change({ projectId, kind: 'property_definition', entityId: definitionId, action: 'updated' }, after);
    }
    case 'EventDefinitionSeen':
    case 'ProjectTaxonomyRemoved':
      return null;
    default: {
      const _exhaustive: never = event;
      return _exhaustive;
    }
  }
}

/** `change_log` of the taxonomy service, kept in the append's transaction like its other read models. */
export const taxonomyActivityProjection = changeLogProjection<Event, Fields>({ handles: TAXONOMY_ACTIVITY_EVENTS, subjectsOf, entryOf });
