import { eventStreamName, eventSubject, type ServiceName } from '@strata/contracts';
import type { Database, Queryable } from '@strata/database';
import { NatsError, type JetStreamClient, type JetStreamManager, type NatsConnection, type PubAck } from 'nats';
import { checkpointOf, compareCheckpoints, START } from '../checkpoint';
import { readAll } from '../read-all';
import { appendChannel } from '../rows';
import type { Checkpoint, RecordedEvent } from '../types';
import { backoffDelay, DEFAULT_BACKOFF, type BackoffOptions } from './backoff';
import { loadCheckpoint, moveCheckpoint, RELAY_CHECKPOINT, saveCheckpoint } from './checkpoint-store';
import { envelopeHeaders, toEnvelope } from './envelope';
import { RelayLeadership } from './leadership';
import { readStreamTail } from './stream-tail';
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
  /** Times the stream's end was found elsewhere than the checkpoint and the relay continued from there. */
  realignments: number;
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
  /** How often an idle leader checks the stream's end anyway (a reconnection or a failed publish checks at once). */
  verifyIntervalMs?: number;
  backoff?: BackoffOptions;
  onPublished?: (batch: PublishedBatch) => void;
}

const QUICK_RETRY_MS = 5;
const VERIFY_INTERVAL_MS = 30_000;

/**
 * Publishes the service's committed events to JetStream in commit-safe order. Postgres is the truth and the stream
 * its copy (SPEC §3), kept an exact prefix of the log: every message is published with the stream's expected last
 * sequence, so nothing lands after a gap. Whenever that copy may have changed behind the relay's back — a new
 * leadership term, a NATS (re)connection, a failed publish — the relay reads the stream's end, finds that event in
 * the log and continues right after it: a tail JetStream lost (a broker killed inside its flush interval, a store
 * restored from backup) is published again, and events a dead leader published past its stored checkpoint are not.
 * `Nats-Msg-Id` = event id stays as a second guard within the duplicate window.
 */
export class OutboxRelay {
  private readonly js: JetStreamClient;
  private readonly signal = new WakeSignal();
  private readonly leadership: RelayLeadership;
  private readonly name: string;
  private readonly counters = { published: 0, duplicates: 0, batches: 0, failures: 0, lastAckedAt: null as number | null };
  private checkpoint: Checkpoint | null = null;
  /** The stream's last sequence as this relay left it (see `realign`). */
  private streamSequence = 0;
  /** The stream's last sequence as the server itself reported it when it refused a publish's expectation. */
  private reportedSequence: number | undefined;
  private abandonInFlight?: () => void;
  /** False between a disconnection and the reconnection: a request sent meanwhile would only wait for its timeout. */
  private connected = true;
  private jsm?: Promise<JetStreamManager>;
  /** Set whenever the stream may have changed behind the relay's back; the next step realigns first. */
  private mustRealign = true;
  private verifiedAt = 0;
  private realignments = 0;
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
    void this.watchReconnections();
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
   * Publishes again every event after `checkpoint` up to the relay's own (an operator's republish, SPEC §12): what
   * JetStream still holds within its duplicate window is dropped as a duplicate, anything it lost is stored again
   * at the stream's end. Done by the leader between two batches; resolves true once it starts, false on an instance
   * that is not the leader.
   */
  republishFrom(checkpoint: Checkpoint): Promise<boolean> {
    if (!this.loop || !this.leadership.isLeader) return Promise.resolve(false);
    this.settleRewind(false);
    return new Promise((settle) => {
      this.rewind = { to: checkpoint, settle };
      this.signal.wake();
    });
  }

  stats(): RelayStats {
    return { ...this.counters, realignments: this.realignments, leader: this.leadership.isLeader, checkpoint: this.checkpoint };
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
        // Whatever failed, the stream may not end where this relay thinks: check it before the next publish.
        this.mustRealign = true;
        const delayMs = backoffDelay(failures, this.options.backoff ?? DEFAULT_BACKOFF);
        this.options.logger?.warn({ err: error, failures, delayMs }, 'outbox relay failed; retrying from its checkpoint');
        await this.signal.sleep(delayMs);
      }
    }
  }

  /** One batch, if this instance is the relay; the number of events published. */
  private async step(): Promise<number> {
    if (!this.connected || !(await this.leadership.ensure())) {
      this.settleRewind(false);
      return 0;
    }
    const session = this.leadership.session;
    if (this.term !== this.leadership.term || this.checkpoint === null) {
      this.checkpoint = await loadCheckpoint(session, this.name);
      this.term = this.leadership.term;
      this.mustRealign = true;
      this.options.logger?.info({ checkpoint: this.checkpoint }, 'outbox relay is the leader');
    }
    if (this.mustRealign || Date.now() - this.verifiedAt > (this.options.verifyIntervalMs ?? VERIFY_INTERVAL_MS)) {
      await this.realign(session);
    }
    if (this.rewind) await this.republish(session, this.rewind.to, this.checkpoint ?? START);
    const { events, checkpoint } = await readAll(session, { after: this.checkpoint ?? START, limit: this.batchSize });
    if (events.length === 0) return 0;
    const acks = await this.publish(events, { lastSequence: this.streamSequence });
    const ackedAt = performance.timeOrigin + performance.now();
    await saveCheckpoint(session, this.name, checkpoint);
    this.checkpoint = checkpoint;
    this.streamSequence = acks[acks.length - 1].seq;
    this.record({ events, checkpoint, duplicates: acks.filter((a) => a.duplicate).length, ackedAt });
    return events.length;
  }

  /**
   * Makes the checkpoint the position of the stream's last event, wherever that is: behind the checkpoint when
   * JetStream lost messages (they are published again), ahead of it when a leader died between its acks and storing
   * its checkpoint (they are not published twice).
   */
  private async realign(session: Queryable): Promise<void> {
    // Cleared first: a reconnection noticed while this runs asks for another check.
    this.mustRealign = false;
    const stream = eventStreamName(this.options.service, this.options.prefix ?? '');
    this.jsm ??= this.options.nats.jetstreamManager({ checkAPI: false });
    const tail = await readStreamTail(await this.jsm, session, stream);
    const checkpoint = this.checkpoint ?? START;
    if (compareCheckpoints(tail.checkpoint, checkpoint) !== 0) {
      await moveCheckpoint(session, this.name, tail.checkpoint);
      this.realignments += 1;
      const behind = compareCheckpoints(tail.checkpoint, checkpoint) < 0;
      this.options.logger?.warn(
        { stream, checkpoint, streamEndsAt: tail.checkpoint, streamSequence: tail.sequence },
        behind ? 'JetStream lost the tail of the log; publishing it again from the stream\'s last event' : 'JetStream holds events past the checkpoint; continuing after them',
      );
    }
    this.checkpoint = tail.checkpoint;
    // The server's own word, when it just gave it, wins over the stream's state: what it checks publishes against.
    this.streamSequence = this.reportedSequence ?? tail.sequence;
    this.reportedSequence = undefined;
    this.verifiedAt = Date.now();
  }

  /**
   * A NATS reconnection may mean a restarted (or restored) server: check the stream's end before the next publish. A
   * disconnection gives up on the batch in flight at once, rather than after its publish timeout: whatever of it the
   * server stored, the realignment finds.
   */
  private async watchReconnections(): Promise<void> {
    for await (const status of this.options.nats.status()) {
      if (this.stopping) return;
      if (status.type === 'disconnect') {
        this.connected = false;
        this.abandonInFlight?.();
      }
      if (status.type !== 'reconnect') continue;
      this.connected = true;
      this.mustRealign = true;
      this.signal.wake();
    }
  }

  /**
   * Pipelined: every publish is sent before the first ack is awaited, in log order on one connection, so JetStream
   * stores them in that order. Each expects the stream's last sequence to be its predecessor's, so when one is
   * refused every later one is too, and the stream never holds an event after a gap. All are settled before the
   * batch counts as done or failed.
   */
  private async publish(events: RecordedEvent[], order: { lastSequence: number } | { relayPosition: Checkpoint }): Promise<PubAck[]> {
    const { service, prefix = '' } = this.options;
    const streamName = eventStreamName(service, prefix);
    // An ack takes milliseconds; a stream whose leader died answers nothing, and the realignment settles what landed.
    const timeout = this.options.publishTimeoutMs ?? 2_000;
    const abandoned = new Promise<never>((_, reject) => {
      this.abandonInFlight = () => reject(new Error('the NATS connection was lost with publishes in flight'));
    });
    const publishes = Promise.allSettled(
      events.map((event, index) =>
        this.js.publish(eventSubject(service, event.type, prefix), Buffer.from(JSON.stringify(toEnvelope(service, event))), {
          msgID: event.id,
          headers: envelopeHeaders(event, 'relayPosition' in order ? order.relayPosition : checkpointOf(event)),
          timeout,
          // nats-server ignores an expected last sequence of 0: the first event of an empty stream goes unchecked.
          expect: 'lastSequence' in order ? { streamName, lastSequence: order.lastSequence + index } : { streamName },
        }),
      ),
    );
    const settled = await Promise.race([publishes, abandoned]).finally(() => (this.abandonInFlight = undefined));
    const failed = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
    if (failed) {
      this.reportedSequence = lastSequenceIn(failed.reason);
      throw failed.reason;
    }
    return settled.map((s) => (s as PromiseFulfilledResult<PubAck>).value);
  }

  /**
   * Publishes the events in (`from`, `upTo`] again, unchained (a duplicate does not move the stream's last sequence),
   * each marked with `upTo` as the relay's position: a realignment after it continues after `upTo`, not after the
   * old event that happens to stand last in the stream.
   */
  private async republish(session: Queryable, from: Checkpoint, upTo: Checkpoint): Promise<void> {
    this.settleRewind(true);
    this.options.logger?.info({ from, upTo }, 'outbox relay publishes again on request');
    for (let after = from; compareCheckpoints(after, upTo) < 0; ) {
      const read = await readAll(session, { after, limit: this.batchSize });
      const events = read.events.filter((event) => compareCheckpoints(checkpointOf(event), upTo) <= 0);
      if (events.length === 0) break;
      const acks = await this.publish(events, { relayPosition: upTo });
      const stored = acks.filter((ack) => !ack.duplicate).map((ack) => ack.seq);
      this.streamSequence = Math.max(this.streamSequence, ...stored);
      after = checkpointOf(events[events.length - 1]);
      this.record({ events, checkpoint: upTo, duplicates: acks.length - stored.length, ackedAt: performance.timeOrigin + performance.now() });
    }
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

/** `wrong last sequence: <n>` (10071; older servers send no code): the server's last sequence when it refused a publish. */
function lastSequenceIn(error: unknown): number | undefined {
  if (!(error instanceof NatsError)) return undefined;
  const reported = /wrong last sequence: (\d+)/.exec(error.api_error?.description ?? error.message);
  return reported ? Number(reported[1]) : undefined;
}
