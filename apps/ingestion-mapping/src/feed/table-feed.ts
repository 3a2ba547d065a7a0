import { projects, type RecordedEvent } from '@strata/contracts';
import { ensureEventStream } from '@strata/eventstore';
import { follow, type StreamFollower } from '@strata/messaging';
import type { NatsConnection } from 'nats';
import type { IngestionTables, TableEvent } from '../domain';

export interface TableFeedOptions {
  nc: NatsConnection;
  prefix: string;
  tables: IngestionTables;
  /** Called after an event changed the tables (e.g. to forget a removed project's observations). */
  onApplied?: (event: TableEvent) => void;
}

/**
 * Feeds the in-memory tables from the projects stream (whole) and the taxonomy stream (its group-type registrations
 * and removals only: definition events, the bulk of it, are of no concern here). Replays both from the start, then
 * follows live; `start()` resolves once caught up, so the service only answers from complete tables.
 */
export class TableFeed {
  private readonly followers: StreamFollower[] = [];
  private caughtUp = false;

  constructor(private readonly options: TableFeedOptions) {}

  get isCaughtUp(): boolean {
    return this.caughtUp;
  }

  get applied(): number {
    return this.followers.reduce((sum, follower) => sum + follower.applied, 0);
  }

  async start(): Promise<void> {
    const { nc, prefix } = this.options;
    const jsm = await nc.jetstreamManager();
    // The mapper may start before the owners: the streams are created as they would create them.
    for (const service of ['projects', 'taxonomy'] as const) await ensureEventStream(jsm, service, prefix);
    // One follower per taxonomy type: each is then filtered by the server (one filter subject works on every server).
    this.followers.push(
      follow({ nc, prefix, from: 'projects', events: projects.PROJECTS_EVENT_TYPES, handle: (event) => this.apply('projects', event) }),
      follow({ nc, prefix, from: 'taxonomy', events: ['GroupTypeRegistered'], handle: (event) => this.apply('taxonomy', event) }),
      follow({ nc, prefix, from: 'taxonomy', events: ['ProjectTaxonomyRemoved'], handle: (event) => this.apply('taxonomy', event) }),
    );
    for (const follower of this.followers) await follower.start();
    await Promise.all(this.followers.map((follower) => follower.caughtUp));
    this.caughtUp = true;
  }

  async stop(): Promise<void> {
    await Promise.all(this.followers.map((follower) => follower.stop()));
  }

  private apply(service: 'projects' | 'taxonomy', event: RecordedEvent<'projects'> | RecordedEvent<'taxonomy'>): void {
    const changed = this.options.tables.apply(event, { service, streamId: event.streamId, streamPosition: event.streamPosition });
    if (changed) this.options.onApplied?.(event);
  }
}
