import { projects } from '@strata/contracts';
import type { RecordedEvent } from '@strata/messaging';
import { followed, type FollowedEvents } from '@strata/service-kit';
import type { IngestionTables, TableEvent } from '../domain';

/**
 * What feeds the in-memory tables: the projects stream (whole) and the taxonomy stream (its group-type registrations
 * and removals only: definition events, the bulk of it, are of no concern here), replayed after the snapshot at start,
 * then followed live. One follower per taxonomy type: each is then filtered by the server (one filter subject works
 * on every server). `onApplied` runs after an event changed the tables (e.g. to forget a removed project's
 * observations).
 */
export function tablesFollows(tables: IngestionTables, onApplied: (event: TableEvent) => void): FollowedEvents[] {
  const apply = (service: 'projects' | 'taxonomy', event: RecordedEvent<'projects'> | RecordedEvent<'taxonomy'>) => {
    if (tables.apply(event, { service, streamId: event.streamId, streamPosition: event.streamPosition })) onApplied(event);
  };
  return [
    followed({ from: 'projects', events: projects.PROJECTS_EVENT_TYPES, handle: (event) => apply('projects', event) }),
    followed({ from: 'taxonomy', events: ['GroupTypeRegistered'], handle: (event) => apply('taxonomy', event) }),
    followed({ from: 'taxonomy', events: ['ProjectTaxonomyRemoved'], handle: (event) => apply('taxonomy', event) }),
  ];
}
