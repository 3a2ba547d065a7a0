import { NotFoundError, ValidationError, taxonomy } from '@strata/contracts';
import type { Decider } from '@strata/eventstore';
import { validDefinitionName } from './definition-fields';

/**
 * A property definition, stream `property-definition-<projectId>-<kind>-<groupTypeIndex|_>-<name>` (`streams.ts`).
 * Type rules (SPEC §4.3): the first detected type wins and no later sighting changes it; a user-set type wins over
 * detection, and a user may change it again.
 */
export interface ExistingPropertyDefinition {
  status: 'active';
  definitionId: string;
  projectId: number;
  name: string;
  kind: taxonomy.PropertyKind;
  groupTypeIndex: number | null;
  propertyType: taxonomy.PropertyType | null;
  /** Who set `propertyType`; `null` while it has none. */
  typeSource: 'detected' | 'user' | null;
  description: string;
}

export type PropertyDefinitionState = { status: 'absent' } | ExistingPropertyDefinition;

export type PropertyDefinitionChanges = { propertyType?: taxonomy.PropertyType; description?: string };

export type PropertyDefinitionCommand =
  | {
      type: 'RecordPropertySighting';
      data: {
        projectId: number;
        /** Used only when the sighting creates the definition. */
        definitionId: string;
        name: string;
        kind: taxonomy.PropertyKind;
        groupTypeIndex: number | null;
        detectedType: taxonomy.PropertyType | null;
        seenAt: string;
      };
    }
  | { type: 'UpdatePropertyDefinition'; data: { changes: PropertyDefinitionChanges; updatedAt: string } }
  /**
   * Another project's definition, copied when this project lacks its key (SPEC §7); the existing one wins, type and
   * all. `adopted` carries this project's id, a new definition id and, for a group property, this project's index.
   */
  | { type: 'AdoptPropertyDefinition'; data: { adopted: ExistingPropertyDefinition; adoptedAt: string } };

type PropertyDefinitionEvent = taxonomy.PropertyDefinitionEvent;

export function initialState(): PropertyDefinitionState {
  return { status: 'absent' };
}

export function decide(command: PropertyDefinitionCommand, state: PropertyDefinitionState): PropertyDefinitionEvent[] {
  switch (command.type) {
    case 'RecordPropertySighting': {
      const { detectedType, seenAt } = command.data;
      if (state.status === 'absent') return [created(command.data)];
      // First detected type wins: only a definition still without a type takes one from a sighting.
      if (state.propertyType !== null || detectedType === null) return [];
      const { projectId, definitionId } = state;
      return [{ type: 'PropertyDefinitionTypeSet', data: { projectId, definitionId, propertyType: detectedType, source: 'detected', setAt: seenAt } }];
    }
    case 'UpdatePropertyDefinition':
      if (state.status === 'absent') throw new NotFoundError('Property definition not found.');
      return decideUpdate(command.data, state);
    case 'AdoptPropertyDefinition':
      return state.status === 'absent' ? adoptedDefinition(command.data.adopted, command.data.adoptedAt) : [];
    default: {
      const _exhaustive: never = command;
      return _exhaustive;
    }
  }
}

export function evolve(state: PropertyDefinitionState, event: PropertyDefinitionEvent): PropertyDefinitionState {
  switch (event.type) {
    case 'PropertyDefinitionCreated': {
      const { definitionId, projectId, name, kind, groupTypeIndex, propertyType } = event.data;
      const typeSource = propertyType === null ? null : 'detected';
      return { status: 'active', definitionId, projectId, name, kind, groupTypeIndex, propertyType, typeSource, description: '' };
    }
    case 'PropertyDefinitionTypeSet':
      return state.status === 'absent' ? state : { ...state, propertyType: event.data.propertyType, typeSource: event.data.source };
    case 'PropertyDefinitionUpdated':
      return state.status === 'absent' ? state : { ...state, ...event.data.changes };
    default: {
      const _exhaustive: never = event;
      return _exhaustive;
    }
  }
}

export const propertyDefinitionDecider: Decider<PropertyDefinitionState, PropertyDefinitionCommand, PropertyDefinitionEvent> = {
  decide,
  evolve,
  initialState,
};

/** The body of SPEC §4.3; `is_numerical` is derived from the type. */
/** The HTTP body of a definition; one that does not exist (any more) is 404. */
export function propertyDefinitionBody(definition: PropertyDefinitionState): taxonomy.PropertyDefinition {
  if (definition.status === 'absent') throw new NotFoundError('Property definition not found.');
  return {
    id: definition.definitionId,
    name: definition.name,
    type: definition.kind,
    group_type_index: definition.groupTypeIndex,
    property_type: definition.propertyType,
    is_numerical: definition.propertyType === 'Numeric',
    description: definition.description,
  };
}

/**
 * Group properties belong to one group type index, event and person properties to none. The observations schema
 * checks the index's range but not that it goes with the kind, so that rule is the domain's.
 */
function validGroupTypeIndex(kind: taxonomy.PropertyKind, groupTypeIndex: number | null): number | null {
  if (kind !== 'group') {
    if (groupTypeIndex !== null) throw new ValidationError('Only group properties have a group type index.', 'group_type_index', 'invalid');
    return null;
  }
  if (groupTypeIndex === null) {
    throw new ValidationError(`A group property needs a group type index 0–${taxonomy.MAX_GROUP_TYPES - 1}.`, 'group_type_index', 'invalid');
  }
  return groupTypeIndex;
}

function created(sighting: Extract<PropertyDefinitionCommand, { type: 'RecordPropertySighting' }>['data']): PropertyDefinitionEvent {
  const { projectId, definitionId, kind, detectedType, seenAt } = sighting;
  const name = validDefinitionName(sighting.name);
  const groupTypeIndex = validGroupTypeIndex(kind, sighting.groupTypeIndex);
  return {
    type: 'PropertyDefinitionCreated',
    data: { projectId, definitionId, name, kind, groupTypeIndex, propertyType: detectedType, createdAt: seenAt },
  };
}

/** Created with the other project's type, which stays marked user-set if a user set it there; then its description. */
function adoptedDefinition(adopted: ExistingPropertyDefinition, adoptedAt: string): PropertyDefinitionEvent[] {
  const { projectId, definitionId, name, kind, groupTypeIndex, propertyType, typeSource, description } = adopted;
  const events = [created({ projectId, definitionId, name, kind, groupTypeIndex, detectedType: propertyType, seenAt: adoptedAt })];
  if (propertyType !== null && typeSource === 'user') {
    events.push({ type: 'PropertyDefinitionTypeSet', data: { projectId, definitionId, propertyType, source: 'user', setAt: adoptedAt } });
  }
  if (description !== '') events.push({ type: 'PropertyDefinitionUpdated', data: { projectId, definitionId, changes: { description }, updatedAt: adoptedAt } });
  return events;
}

function decideUpdate(
  command: { changes: PropertyDefinitionChanges; updatedAt: string },
  state: ExistingPropertyDefinition,
): PropertyDefinitionEvent[] {
  const { projectId, definitionId } = state;
  const { changes, updatedAt } = command;
  const events: PropertyDefinitionEvent[] = [];
  if (changes.propertyType !== undefined) {
    // Setting the detected type again still records that a user chose it.
    if (changes.propertyType !== state.propertyType || state.typeSource !== 'user') {
      events.push({ type: 'PropertyDefinitionTypeSet', data: { projectId, definitionId, propertyType: changes.propertyType, source: 'user', setAt: updatedAt } });
    }
  }
  const { description } = changes;
  if (description !== undefined && description !== state.description) {
    events.push({ type: 'PropertyDefinitionUpdated', data: { projectId, definitionId, changes: { description }, updatedAt } });
  }
  return events;
}
