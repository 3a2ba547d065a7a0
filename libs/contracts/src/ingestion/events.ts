import type { DomainEvent } from '../projects/event';
import type { RecordObservationsRequest } from '../taxonomy/messages';

/**
 * Events of the ingestion mapper, stream `observed-<uuid>` (one per append: they never conflict).
 *
 * Names the mapper saw for the first time (or a `last_seen_at` that is due), recorded before it answers the resolve
 * that saw them: an answered event's new names reach taxonomy even if the mapper dies right after answering.
 * Taxonomy consumes them idempotently (a redelivered report decides nothing new).
 */
export type DefinitionsObserved = DomainEvent<'DefinitionsObserved', RecordObservationsRequest>;

export type IngestionMappingEvent = DefinitionsObserved;
export type IngestionMappingEventType = IngestionMappingEvent['type'];
