import { isStorableText, type taxonomy } from '@strata/contracts';
import type { EventDefinitionCommand } from '../definitions/event-definition';
import type { PropertyDefinitionCommand } from '../definitions/property-definition';
import { eventDefinitionStreamId, propertyDefinitionStreamId } from '../common/streams';

/** One command for one definition stream: what the handler loads, decides and appends. */
export interface Sighting<Command> {
  streamId: string;
  command: Command;
}

export interface Sightings {
  events: Sighting<EventDefinitionCommand>[];
  properties: Sighting<PropertyDefinitionCommand>[];
}

/**
 * Turns a reported batch into at most one command per definition. A property reported with several detected types
 * keeps the first typed one of the batch, so a definition first seen with a `null` value and then a number is created
 * Numeric in one write rather than two. `newDefinitionId` supplies ids (UUID v7) for definitions that do not exist yet.
 * A name Postgres cannot store (NUL, a lone surrogate) is passed over: it must not fail the report of the others.
 */
export function sightingsOf(request: taxonomy.RecordObservationsRequest, newDefinitionId: () => string): Sightings {
  const { projectId, seenAt } = request;
  const events = new Map<string, Sighting<EventDefinitionCommand>>();
  for (const name of request.eventNames) {
    if (!isStorableText(name)) continue;
    const streamId = eventDefinitionStreamId(projectId, name);
    if (events.has(streamId)) continue;
    events.set(streamId, { streamId, command: { type: 'RecordEventSighting', data: { projectId, definitionId: newDefinitionId(), name, seenAt } } });
  }
  const properties = new Map<string, Sighting<PropertyDefinitionCommand> & { command: { type: 'RecordPropertySighting' } }>();
  for (const observed of request.properties) {
    if (!isStorableText(observed.name)) continue;
    const groupTypeIndex = observed.type === 'group' ? (observed.groupTypeIndex ?? null) : null;
    const streamId = propertyDefinitionStreamId(projectId, observed.type, groupTypeIndex, observed.name);
    const earlier = properties.get(streamId);
    if (earlier !== undefined) {
      if (earlier.command.data.detectedType === null) earlier.command.data.detectedType = observed.detectedType;
      continue;
    }
    const data = { projectId, definitionId: newDefinitionId(), name: observed.name, kind: observed.type, groupTypeIndex, detectedType: observed.detectedType, seenAt };
    properties.set(streamId, { streamId, command: { type: 'RecordPropertySighting', data } });
  }
  return { events: [...events.values()], properties: [...properties.values()] };
}
