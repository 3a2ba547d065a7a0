import type { EventEnvelope } from '@strata/contracts';
import type { EntitiesEvent } from '@strata/contracts/entities';
import type { IngestionMappingEvent } from '@strata/contracts/ingestion';
import type { ProjectsEvent } from '@strata/contracts/projects';
import type { TaxonomyEvent } from '@strata/contracts/taxonomy';

/**
 * Each publishing service's event union, by name: what a consumer of `events.<service>.>` may receive. Each face owns
 * its union; the messaging kit, which consumes and follows any of them, is where they are composed.
 */
export interface ServiceEvents {
  projects: ProjectsEvent;
  taxonomy: TaxonomyEvent;
  'ingestion-mapping': IngestionMappingEvent;
  entities: EntitiesEvent;
}

/** A service whose events another may consume or follow. */
export type EventSource = keyof ServiceEvents;

export type EventTypeOf<S extends EventSource> = ServiceEvents[S]['type'];

/** What the store recorded around an event: its id, stream, positions, metadata and time. */
export type RecordedFields = Omit<EventEnvelope, 'type' | 'data'>;

/** An event of `S` narrowed to the types `T`, with the fields the store recorded: what a consumer's handler receives. */
export type RecordedEvent<S extends EventSource, T extends EventTypeOf<S> = EventTypeOf<S>> = Extract<ServiceEvents[S], { type: T }> & RecordedFields;
