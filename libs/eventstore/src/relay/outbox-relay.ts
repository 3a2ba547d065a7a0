import { eventStreamName, eventSubject, type ServiceName } from '@strata/contracts';
import type { Database } from '@strata/database';
import type { JetStreamClient, NatsConnection, PubAck } from 'nats';
import { readAll } from '../read-all';
import { appendChannel } from '../rows';
import type { Checkpoint, RecordedEvent } from '../types';
import { backoffDelay, DEFAULT_BACKOFF, type BackoffOptions } from './backoff';
import { loadCheckpoint, RELAY_CHECKPOINT, rewindCheckpoint, saveCheckpoint } from './checkpoint-store';
import { envelopeHeaders, toEnvelope } from './envelope';
import { RelayLeadership } from './leadership';
import { WakeSignal } from './wake-signal';

/** Pino's argument order, so a pino logger can be passed as it is. */
export interface RelayLogger {
  info(context: Record<string, unknown>, message: string): void;
  warn(context: Record<string, unknown>, message: string): void;
  error(context: Record<string, unknown>, message: string): void;
}

export interface PublishedBatch {
  events: RecordedEvent[];
  checkpoint: Checkpoint;
  /** Events JetStream already had (a republish after a crash or a timed-out ack). */
  duplicates: number;
  /** When the last ack of the batch arrived: epoch milliseconds, sub-millisecond precision. */
  ackedAt: number;
}

export interface RelayStats {
  leader: boolean;
  published: number;
  duplicates: number;
  batches: number;
  failures: number;
  checkpoint: Checkpoint | null;
  lastAckedAt: number | null;
}

export interface OutboxRelayOptions {
  db: Database;
  nats: NatsConnection;
  service: ServiceName;
  /** NATS namespace prefix (`NATS_PREFIX`); empty in production. */
  prefix?: string;
  batchSize?: number;
  logger?: RelayLogger;
  /** Checkpoint row, and leadership lock, of this relay; default `jetstream`. */
  name?: string;
  /** Poll when no notification arrives (a missed NOTIFY, or rows held back by an older open transaction). */
  pollIntervalMs?: number;
  publishTimeoutMs?: number;
  backoff?: BackoffOptions;
  onPublished?: (batch: PublishedBatch) => void;
}

const QUICK_RETRY_MS = 5;

/**
 * Publishes the service's committed events to JetStream in commit-safe order, at least once; `Nats-Msg-Id` = event
 * id makes it exactly once within the stream's duplicate window. The checkpoint is stored only after every ack of
 * a batch, so a crash republishes at most one batch-in-flight, and an outage resumes from the checkpoint.
 */
export class OutboxRelay {
  private readonly js: JetStreamClient;
  private readonly signal = new WakeSignal();
  private readonly leadership: RelayLeadership;
  private readonly name: string;
  private readonly counters = { published: 0, duplicates: 0, batches: 0, failures: 0, lastAckedAt: null as number | null };
  private checkpoint: Checkpoint | null = null;
  private term = 0;
  private retryDelay = QUICK_RETRY_MS;
  private stopping = false;
  private loop?: Promise<void>;
  private rewind?: { to: Checkpoint; settle: (applied: boolean) => void };

  constructor(private readonly options: OutboxRelayOptions) {
    this.js = options.nats.jetstream();
    this.name = options.name ?? RELAY_CHECKPOINT;
    const lockName = `strata-relay:${options.db.schema}:${this.name}`;
    this.leadership = new RelayLeadership(options.db, appendChannel(options.db.schema), lockName, () => this.signal.wake());
  }

  start(): void {
    if (this.loop) return;
    this.stopping = false;
    this.loop = this.run();
  }

  /** Lets the batch in flight finish and store its checkpoint, then gives up leadership. */
  async stop(): Promise<void> {
    this.stopping = true;
    this.signal.wake();
    await this.loop;
    this.loop = undefined;
    this.settleRewind(false);
    this.leadership.release();
  }

  /**
   * Publishes again from `checkpoint` (an operator's republish). Applied by the leader between two batches, so the
   * batch in flight cannot store its checkpoint over it; resolves false on an instance that is not the leader.
   */
  rewindTo(checkpoint: Checkpoint): Promise<boolean> {
    if (!this.loop || !this.leadership.isLeader) return Promise.resolve(false);
    this.settleRewind(false);
    return new Promise((settle) => {
      this.rewind = { to: checkpoint, settle };
      this.signal.wake();
    });
  }

  stats(): RelayStats {
    return { ...this.counters, leader: this.leadership.isLeader, checkpoint: this.checkpoint };
  }

  /** Committed events not yet published (a gauge for metrics; one indexed count). */
  async backlog(): Promise<number> {
    const from = this.checkpoint ?? (await loadCheckpoint(this.options.db, this.name));
    const [row] = await this.options.db.query<{ count: string }>(
      'SELECT count(*) AS count FROM events WHERE (transaction_id, global_position) > ($1::xid8, $2::bigint)',
      [from.transactionId, from.globalPosition],
    );
    return Number(row.count);
  }

  private async run(): Promise<void> {
    let failures = 0;
    while (!this.stopping) {
      try {
        const relayed = await this.step();
        failures = 0;
        if (relayed < this.batchSize) await this.idle();
      } catch (error) {
        failures += 1;
        this.counters.failures += 1;
        const delayMs = backoffDelay(failures, this.options.backoff ?? DEFAULT_BACKOFF);
        this.options.logger?.warn({ err: error, failures, delayMs }, 'outbox relay failed; retrying from its checkpoint');
        await this.signal.sleep(delayMs);
      }
    }
  }

  /** One batch, if this instance is the relay; the number of events published. */
  private async step(): Promise<number> {
    if (!(await this.leadership.ensure())) {
      this.settleRewind(false);
      return 0;
    }
    const session = this.leadership.session;
    if (this.term !== this.leadership.term || this.checkpoint === null) {
      this.checkpoint = await loadCheckpoint(session, this.name);
      this.term = this.leadership.term;
      this.options.logger?.info({ checkpoint: this.checkpoint }, 'outbox relay is the leader');
    }
    if (this.rewind) {
      await rewindCheckpoint(session, this.name, this.rewind.to);
      this.checkpoint = await loadCheckpoint(session, this.name);
      this.options.logger?.info({ checkpoint: this.checkpoint }, 'outbox relay went back to republish');
      this.settleRewind(true);
    }
    const { events, checkpoint } = await readAll(session, { after: this.checkpoint, limit: this.batchSize });
    if (events.length === 0) return 0;
    const acks = await this.publish(events);
    const ackedAt = performance.timeOrigin + performance.now();
    await saveCheckpoint(session, this.name, checkpoint);
    this.checkpoint = checkpoint;
    this.record({ events, checkpoint, duplicates: acks.filter((a) => a.duplicate).length, ackedAt });
    return events.length;
  }

  /**
   * Pipelined: every publish is sent before the first ack is awaited, in log order on one connection, so JetStream
   * stores them in that order. All are settled before the batch counts as done or failed.
   */
  private async publish(events: RecordedEvent[]): Promise<PubAck[]> {
    const { service, prefix = '' } = this.options;
    const streamName = eventStreamName(service, prefix);
    const timeout = this.options.publishTimeoutMs ?? 5_000;
    const settled = await Promise.allSettled(
      events.map((event) =>
        this.js.publish(eventSubject(service, event.type, prefix), Buffer.from(JSON.stringify(toEnvelope(service, event))), {
          msgID: event.id,
          headers: envelopeHeaders(event),
          timeout,
          expect: { streamName },
        }),
      ),
    );
    const failed = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
    if (failed) throw failed.reason;
    return settled.map((s) => (s as PromiseFulfilledResult<PubAck>).value);
  }

  private settleRewind(applied: boolean): void {
    this.rewind?.settle(applied);
    this.rewind = undefined;
  }

  private record(batch: PublishedBatch): void {
    this.counters.published += batch.events.length - batch.duplicates;
    this.counters.duplicates += batch.duplicates;
    this.counters.batches += 1;
    this.counters.lastAckedAt = batch.ackedAt;
    try {
      this.options.onPublished?.(batch);
    } catch (error) {
      this.options.logger?.error({ err: error }, 'outbox relay onPublished callback threw');
    }
  }

  /** Caught up: a notification wakes at once; otherwise re-read soon, then back off to the poll interval. */
  private async idle(): Promise<void> {
    const pollMs = this.options.pollIntervalMs ?? 500;
    const woken = await this.signal.sleep(Math.min(this.retryDelay, pollMs));
    this.retryDelay = woken ? QUICK_RETRY_MS : Math.min(this.retryDelay * 2, pollMs);
  }

  private get batchSize(): number {
    return this.options.batchSize ?? 500;
  }
}
