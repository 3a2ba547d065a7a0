import { eventStreamName, eventSubject, type EventEnvelope } from '@strata/contracts';
import { ensureEventStream } from '@strata/eventstore';
import type { NatsConnection } from 'nats';
import type { IngestionTables, TableEvent } from '../domain';
import { StreamFollower } from './stream-follower';

/** As the owning services create them: the mapper may start first, and the streams must then look the same. */
const DUPLICATE_WINDOW_MS = 2 * 60 * 60 * 1000;

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
    const js = nc.jetstream();
    for (const service of ['projects', 'taxonomy'] as const) await ensureEventStream(jsm, service, prefix, { duplicateWindowMs: DUPLICATE_WINDOW_MS });
    const sources: { service: 'projects' | 'taxonomy'; filterSubject?: string }[] = [
      { service: 'projects' },
      { service: 'taxonomy', filterSubject: eventSubject('taxonomy', 'GroupTypeRegistered', prefix) },
      { service: 'taxonomy', filterSubject: eventSubject('taxonomy', 'ProjectTaxonomyRemoved', prefix) },
    ];
    for (const { service, filterSubject } of sources) {
      const follower = new StreamFollower({ js, jsm, stream: eventStreamName(service, prefix), filterSubject, apply: (envelope) => this.apply(service, envelope) });
      this.followers.push(follower);
      await follower.start();
    }
    await Promise.all(this.followers.map((follower) => follower.caughtUp));
    this.caughtUp = true;
  }

  async stop(): Promise<void> {
    await Promise.all(this.followers.map((follower) => follower.stop()));
  }

  private apply(service: 'projects' | 'taxonomy', envelope: EventEnvelope): void {
    const event = { type: envelope.type, data: envelope.data } as TableEvent;
    const changed = this.options.tables.apply(event, { service, streamId: envelope.streamId, streamPosition: envelope.streamPosition });
    if (changed) this.options.onApplied?.(event);
  }
}
