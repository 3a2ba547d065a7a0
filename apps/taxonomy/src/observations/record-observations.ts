import { StrataError, type taxonomy } from '@strata/contracts';
import type { Database } from '@strata/database';
import { retryOnConflict, uuidv7, type Event, type PostgresEventStore, type StreamAppend } from '@strata/eventstore';
import {
  eventDefinitionDecider,
  propertyDefinitionDecider,
  sightingsOf,
  type EventDefinitionCommand,
  type PropertyDefinitionCommand,
  type Sighting,
} from '../domain';
import { loadEventDefinitions, loadPropertyDefinitions, type LoadedState } from './definition-states';

/** Streams appended in one transaction: bounded, so one large report never holds many locks for long. */
const STREAMS_PER_APPEND = 500;
const MAX_ATTEMPTS = 10;

type EventSighting = Sighting<EventDefinitionCommand>;
type PropertySighting = Sighting<PropertyDefinitionCommand>;

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

async function recordChunk(store: PostgresEventStore, db: Database, projectId: number, chunk: Chunk): Promise<number> {
  // Another instance may write one of these definitions meanwhile: then decide again on what it wrote.
  return retryOnConflict(() => recordChunkOnce(store, db, projectId, chunk), { attempts: MAX_ATTEMPTS, whenExhausted: (error) => error });
}

type Chunk = { events: EventSighting[]; properties: PropertySighting[] };

async function recordChunkOnce(store: PostgresEventStore, db: Database, projectId: number, chunk: Chunk): Promise<number> {
  if (await isRemoved(db, projectId)) return 0;
  const appends: StreamAppend<taxonomy.TaxonomyEvent>[] = [
    ...decideAll(chunk.events, await loadEventDefinitions(db, projectId, chunk.events), (c, s) => eventDefinitionDecider.decide(c, s)),
    ...decideAll(chunk.properties, await loadPropertyDefinitions(db, projectId, chunk.properties), (c, s) => propertyDefinitionDecider.decide(c, s)),
  ];
  if (appends.length === 0) return 0;
  await store.appendToStreams(appends);
  return appends.reduce((sum, append) => sum + append.events.length, 0);
}

/** A sighting the rules refuse (an empty or over-long name…) is skipped: the rest of the report still counts. */
function decideAll<Command, State, E extends Event>(
  sightings: readonly Sighting<Command>[],
  states: ReadonlyMap<string, LoadedState<State>>,
  decide: (command: Command, state: State) => E[],
): StreamAppend<E>[] {
  const appends: StreamAppend<E>[] = [];
  for (const { streamId, command } of sightings) {
    const loaded = states.get(streamId);
    let events: E[];
    try {
      events = loaded === undefined ? decide(command, absent<State>()) : decide(command, loaded.state);
    } catch (error) {
      if (error instanceof StrataError && error.status === 400) continue;
      throw error;
    }
    if (events.length > 0) appends.push({ streamId, expectedVersion: loaded?.version ?? 'no_stream', events });
  }
  return appends;
}

function absent<State>(): State {
  return { status: 'absent' } as State;
}

async function isRemoved(db: Database, projectId: number): Promise<boolean> {
  const rows = await db.query('SELECT 1 FROM removed_projects WHERE project_id = $1', [projectId]);
  return rows.length > 0;
}
