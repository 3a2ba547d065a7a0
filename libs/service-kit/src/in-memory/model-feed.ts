import type { Database } from '@strata/database';
import { ensureEventStream, follow, type EventSource, type EventTypeOf, type FollowOptions, type StreamFollower } from '@strata/messaging';
import type { NatsConnection } from 'nats';
import { restoreSnapshot, type SnapshotModel, type Restored } from './snapshot-restore';
import { coveredBy, type SnapshotPosition, writeSnapshot } from './snapshot-store';

/** One follower of an in-memory model: a stream and the event types it applies, started where the snapshot ends. */
export interface FollowedEvents {
  /** Names the follower in a snapshot's positions (one stream may have several followers, one per server filter). */
  readonly key: string;
  readonly source: EventSource;
  start(nc: NatsConnection, prefix: string, fromSequence: number | undefined, onApplied?: () => void): StreamFollower;
}

/** A follower of `from`'s `events` for a model feed: the typed twin of `follow()`. */
export function followed<S extends EventSource, const T extends EventTypeOf<S>>(
  options: Pick<FollowOptions<S, T>, 'from' | 'events' | 'handle' | 'onSkipped'>,
): FollowedEvents {
  return {
    key: `${options.from}:${[...options.events].sort().join(',')}`,
    source: options.from,
    start: (nc, prefix, fromSequence, onApplied) =>
      follow({
        ...options,
        nc,
        prefix,
        fromSequence,
        handle: (event) => {
          options.handle(event);
          onApplied?.();
        },
      }),
  };
}

export interface ModelFeedLogger {
  info(fields: object, message: string): void;
  warn(fields: object, message: string): void;
}

export interface ModelFeedOptions {
  nc: NatsConnection;
  prefix: string;
  database: Database;
  /** The snapshot's name: one model per service. */
  model: string;
  /** The model's format version: a snapshot of another version is ignored (the model is then replayed in full). */
  formatVersion: number;
  state: SnapshotModel;
  follows: readonly FollowedEvents[];
  /** A snapshot is written once both have passed since the last one (whichever is later), never per event. */
  snapshotEvery: { events: number; ms: number };
  logger: ModelFeedLogger;
  /** Called after each applied event (the model's age in metrics). */
  onApplied?: () => void;
}

/** How the model was built at start: from a snapshot plus the tail after it, or from every event. */
export interface ModelStart {
  from: 'snapshot' | 'replay';
  /** Why a snapshot was not used (none, another format version, corrupt, ahead of its stream…). */
  reason?: string;
  /** Events applied to reach the streams' ends as they stood at start. */
  replayed: number;
  ms: number;
}

/**
 * An in-memory model fed by other services' streams (every instance reads every event), started from its newest
 * snapshot and the events after it — so a start costs the tail, not the whole history — and snapshotted now and then
 * by one instance at a time. The snapshot is a cache in the service's schema: deleting it only makes the next start
 * replay everything.
 */
export class ModelFeed {
  private readonly followers: StreamFollower[] = [];
  private caughtUp = false;
  private timer?: NodeJS.Timeout;
  private writing?: Promise<unknown>;
  private lastSnapshot = { applied: 0, at: Date.now() };
  startedFrom?: ModelStart;

  constructor(private readonly options: ModelFeedOptions) {}

  get isCaughtUp(): boolean {
    return this.caughtUp;
  }

  get applied(): number {
    return this.followers.reduce((sum, follower) => sum + follower.applied, 0);
  }

  /** Resolves once the model holds every event that was in the streams at start. */
  async run(): Promise<ModelStart> {
    const started = Date.now();
    const { nc, prefix, follows } = this.options;
    const jsm = await nc.jetstreamManager();
    // The owners may start after this service: the streams are created as they would create them.
    for (const source of new Set(follows.map((one) => one.source))) await ensureEventStream(jsm, source, prefix);
    const restored = await restoreSnapshot(this.options, jsm);
    for (const one of follows) {
      const position = restored.positions?.get(one.key);
      this.followers.push(one.start(nc, prefix, position === undefined ? undefined : position + 1, this.options.onApplied));
    }
    for (const follower of this.followers) await follower.start();
    await Promise.all(this.followers.map((follower) => follower.caughtUp));
    this.caughtUp = true;
    this.startedFrom = describeStart(restored, this.applied, Date.now() - started);
    this.lastSnapshot = { applied: restored.positions === undefined ? 0 : this.applied, at: Date.now() };
    this.timer = setInterval(() => this.snapshotIfDue(), Math.max(100, Math.min(this.options.snapshotEvery.ms, 5_000)));
    this.timer.unref();
    return this.startedFrom;
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.writing;
    await Promise.all(this.followers.map((follower) => follower.stop()));
  }

  /** Writes a snapshot now, unless another instance is writing or wrote one as recent; answers whether it wrote. */
  async snapshot(): Promise<boolean> {
    await this.writing;
    const write = this.write();
    this.writing = write;
    try {
      return await write;
    } finally {
      if (this.writing === write) this.writing = undefined;
    }
  }

  private async write(): Promise<boolean> {
    const { database, model, formatVersion, state, snapshotEvery, logger } = this.options;
    try {
      const wrote = await writeSnapshot(database, model, async () => {
        // Read in one synchronous step: the body and the positions describe the same moment.
        const body = Buffer.from(JSON.stringify(state.capture()));
        const positions = this.positions();
        this.lastSnapshot = { applied: this.applied, at: Date.now() };
        const covered = coveredBy(positions);
        return {
          formatVersion,
          body,
          positions: await this.withEventIds(positions),
          // Another instance wrote as far, or lately: one snapshot per period for the whole service is enough.
          isEnough: (stored) => stored.formatVersion === formatVersion && (stored.covered >= covered || Date.now() - stored.takenAt.getTime() < snapshotEvery.ms / 2),
        };
      });
      if (wrote) logger.info({ model, applied: this.applied }, 'model snapshot written');
      return wrote;
    } catch (error) {
      logger.warn({ model, error: error instanceof Error ? error.message : String(error) }, 'model snapshot not written');
      return false;
    }
  }

  private snapshotIfDue(): void {
    const { events, ms } = this.options.snapshotEvery;
    const due = this.applied - this.lastSnapshot.applied >= events && Date.now() - this.lastSnapshot.at >= ms;
    if (due && this.caughtUp && this.writing === undefined) void this.snapshot();
  }

  private positions(): SnapshotPosition[] {
    return this.options.follows.map((one, index) => ({
      follower: one.key,
      stream: this.followers[index]?.stream ?? '',
      sequence: this.followers[index]?.position ?? 0,
      eventId: null,
    }));
  }

  private async withEventIds(positions: SnapshotPosition[]): Promise<SnapshotPosition[]> {
    const jsm = await this.options.nc.jetstreamManager();
    return Promise.all(
      positions.map(async (position) => {
        if (position.sequence === 0) return position;
        const message = await jsm.streams.getMessage(position.stream, { seq: position.sequence });
        return { ...position, eventId: message.header.get('Nats-Msg-Id') || null };
      }),
    );
  }
}

function describeStart(restored: Restored, replayed: number, ms: number): ModelStart {
  if (restored.positions !== undefined) return { from: 'snapshot', replayed, ms };
  return { from: 'replay', reason: restored.reason, replayed, ms };
}
