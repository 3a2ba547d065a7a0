import { StrataError, type taxonomy } from '@strata/contracts';
import type { Database } from '@strata/database';
import { handleCommands, onStream, uuidv7, type AggregateState, type Decider, type Event, type PostgresEventStore, type StreamCommand } from '@strata/eventstore';
import { eventDefinitionDecider, type EventDefinitionCommand } from '../definitions/event-definition';
import { propertyDefinitionDecider, type PropertyDefinitionCommand } from '../definitions/property-definition';
import { loadEventDefinitions, loadPropertyDefinitions } from '../definitions/definitions.queries';
import { isRemoved } from './observations.queries';
import { sightingsOf, type Sighting } from './sightings';

/** Streams appended in one transaction: bounded, so one large report never holds many locks for long. */
const STREAMS_PER_APPEND = 500;
const MAX_ATTEMPTS = 10;

type Chunk = { events: Sighting<EventDefinitionCommand>[]; properties: Sighting<PropertyDefinitionCommand>[] };

/**
 * Records a report of the ingestion mapper: one decision per definition, taken on the state its read-model row holds,
 * and every resulting event of a chunk appended in one transaction with each stream's expected version. Sightings
 * that change nothing (a known name whose `last_seen_at` is not due, a property that already has a type) write
 * nothing, so writes follow distinct definitions, not events. Returns the number of events written.
 */
export async function recordObservations(store: PostgresEventStore, db: Database, request: taxonomy.RecordObservationsRequest): Promise<number> {
  const { events, properties } = sightingsOf(request, uuidv7);
  let written = 0;
  for (let start = 0; start < events.length + properties.length; start += STREAMS_PER_APPEND) {
    const end = start + STREAMS_PER_APPEND;
    const chunk = { events: events.slice(start, end), properties: properties.slice(Math.max(0, start - events.length), Math.max(0, end - events.length)) };
    written += await recordChunk(store, db, request.projectId, chunk);
  }
  return written;
}

/** Planned again on every attempt: another instance may write one of these definitions meanwhile. */
async function recordChunk(store: PostgresEventStore, db: Database, projectId: number, chunk: Chunk): Promise<number> {
  const results = await handleCommands(store, () => planChunk(db, projectId, chunk), { retry: { attempts: MAX_ATTEMPTS, whenExhausted: (error) => error } });
  return results.reduce((sum, result) => sum + result.events.length, 0);
}

async function planChunk(db: Database, projectId: number, chunk: Chunk): Promise<StreamCommand<unknown, Event>[]> {
  if (await isRemoved(db, projectId)) return [];
  const eventStates = await loadEventDefinitions(db, projectId, chunk.events.flatMap(({ command }) => (command.type === 'RecordEventSighting' ? [command.data.name] : [])));
  const propertyStates = await loadPropertyDefinitions(db, projectId, chunk.properties.flatMap(({ command }) => (command.type === 'RecordPropertySighting' ? [command.data] : [])));
  return [...commandsOf(chunk.events, eventStates, lenient(eventDefinitionDecider)), ...commandsOf(chunk.properties, propertyStates, lenient(propertyDefinitionDecider))];
}

function commandsOf<State, Command, E extends Event>(
  sightings: readonly Sighting<Command>[],
  states: ReadonlyMap<string, AggregateState<State>>,
  decider: Decider<State, Command, E>,
): StreamCommand<State, E>[] {
  return sightings.map(({ streamId, command }) => onStream(decider, streamId, command, { from: states.get(streamId) ?? { state: decider.initialState(), version: 0 } }));
}

/** A sighting the rules refuse (an empty or over-long name…) decides nothing: the rest of the report still counts. */
function lenient<State, Command, E extends Event>(decider: Decider<State, Command, E>): Decider<State, Command, E> {
  return {
    ...decider,
    decide(command, state) {
      try {
        return decider.decide(command, state);
      } catch (error) {
        if (error instanceof StrataError && error.status === 400) return [];
        throw error;
      }
    },
  };
}
