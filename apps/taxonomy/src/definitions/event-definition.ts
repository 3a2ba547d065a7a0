import { NotFoundError, taxonomy } from '@strata/contracts';
import { lastSeenWriteDue } from '@strata/rules';
import type { Decider } from '@strata/eventstore';
import { sameTags, validDefinitionName } from './definition-fields';

/**
 * An event definition, stream `event-definition-<projectId>-<name>` (see `streams.ts`): created by its first
 * sighting, then labelled by users. `last_seen_at` is written at most once an hour.
 */
export interface ExistingEventDefinition {
  status: 'active';
  definitionId: string;
  projectId: number;
  name: string;
  description: string;
  tags: string[];
  verified: boolean;
  lastSeenAt: string;
  createdAt: string;
}

export type EventDefinitionState = { status: 'absent' } | ExistingEventDefinition;

export type EventDefinitionChanges = { description?: string; tags?: string[]; verified?: boolean };

export type EventDefinitionCommand =
  /** `definitionId` (drawn by the handler) is used only when the sighting creates the definition. */
  | { type: 'RecordEventSighting'; data: { projectId: number; definitionId: string; name: string; seenAt: string } }
  | { type: 'UpdateEventDefinition'; data: { changes: EventDefinitionChanges; updatedAt: string } }
  /**
   * Another project's definition, copied when this project lacks the name (SPEC §7); the existing one wins. `adopted`
   * carries this project's id and a new definition id.
   */
  | { type: 'AdoptEventDefinition'; data: { adopted: ExistingEventDefinition; adoptedAt: string } };

type EventDefinitionEvent = taxonomy.EventDefinitionEvent;

export function initialState(): EventDefinitionState {
  return { status: 'absent' };
}

export function decide(command: EventDefinitionCommand, state: EventDefinitionState): EventDefinitionEvent[] {
  switch (command.type) {
    case 'RecordEventSighting': {
      const { projectId, definitionId, seenAt } = command.data;
      if (state.status === 'absent') {
        const name = validDefinitionName(command.data.name);
        return [{ type: 'EventDefinitionCreated', data: { projectId, definitionId, name, createdAt: seenAt, lastSeenAt: seenAt } }];
      }
      if (!lastSeenWriteDue(Date.parse(state.lastSeenAt), Date.parse(seenAt))) return [];
      return [{ type: 'EventDefinitionSeen', data: { projectId: state.projectId, definitionId: state.definitionId, lastSeenAt: seenAt } }];
    }
    case 'UpdateEventDefinition': {
      if (state.status === 'absent') throw new NotFoundError('Event definition not found.');
      const changes = changedFields(command.data.changes, state);
      if (Object.keys(changes).length === 0) return [];
      const { projectId, definitionId } = state;
      return [{ type: 'EventDefinitionUpdated', data: { projectId, definitionId, changes, updatedAt: command.data.updatedAt } }];
    }
    case 'AdoptEventDefinition':
      return state.status === 'absent' ? adoptedDefinition(command.data.adopted, command.data.adoptedAt) : [];
    default: {
      const _exhaustive: never = command;
      return _exhaustive;
    }
  }
}

export function evolve(state: EventDefinitionState, event: EventDefinitionEvent): EventDefinitionState {
  switch (event.type) {
    case 'EventDefinitionCreated': {
      const { definitionId, projectId, name, createdAt, lastSeenAt } = event.data;
      return { status: 'active', definitionId, projectId, name, description: '', tags: [], verified: false, lastSeenAt, createdAt };
    }
    case 'EventDefinitionUpdated':
      return state.status === 'absent' ? state : { ...state, ...event.data.changes };
    case 'EventDefinitionSeen':
      return state.status === 'absent' ? state : { ...state, lastSeenAt: event.data.lastSeenAt };
    default: {
      const _exhaustive: never = event;
      return _exhaustive;
    }
  }
}

export const eventDefinitionDecider: Decider<EventDefinitionState, EventDefinitionCommand, EventDefinitionEvent> = {
  decide,
  evolve,
  initialState,
};

/** The HTTP body (SPEC §4.3) of a definition; one that does not exist (any more) is 404. */
export function eventDefinitionBody(definition: EventDefinitionState): taxonomy.EventDefinition {
  if (definition.status === 'absent') throw new NotFoundError('Event definition not found.');
  return {
    id: definition.definitionId,
    name: definition.name,
    description: definition.description,
    tags: definition.tags,
    verified: definition.verified,
    last_seen_at: definition.lastSeenAt,
    created_at: definition.createdAt,
  };
}

/** Created as first and last seen in the other project, then given its labels where they are not the defaults. */
function adoptedDefinition(adopted: ExistingEventDefinition, adoptedAt: string): EventDefinitionEvent[] {
  const { projectId, definitionId, createdAt, lastSeenAt } = adopted;
  const name = validDefinitionName(adopted.name);
  const created: EventDefinitionEvent = { type: 'EventDefinitionCreated', data: { projectId, definitionId, name, createdAt, lastSeenAt } };
  const { description, tags, verified } = adopted;
  const changes = changedFields({ description, tags, verified }, { ...adopted, description: '', tags: [], verified: false });
  if (Object.keys(changes).length === 0) return [created];
  return [created, { type: 'EventDefinitionUpdated', data: { projectId, definitionId, changes, updatedAt: adoptedAt } }];
}

/** The fields come checked and normalised (trimmed, tags de-duplicated) by the request schema. */
function changedFields(requested: EventDefinitionChanges, current: ExistingEventDefinition): EventDefinitionChanges {
  const { description, tags, verified } = requested;
  const changes: EventDefinitionChanges = {};
  if (description !== undefined && description !== current.description) changes.description = description;
  if (tags !== undefined && !sameTags(tags, current.tags)) changes.tags = tags;
  if (verified !== undefined && verified !== current.verified) changes.verified = verified;
  return changes;
}
