import { Logger, type LoggerService } from '@nestjs/common';
import type { EventEnvelope } from '@strata/contracts';
import type { ConsumerMessages, JsMsg, NatsConnection, OrderedConsumerOptions } from 'nats';
import { decodeEnvelope } from './envelope-codec';
import { isApiError } from './streams';

export interface StreamFollowerOptions {
  nc: NatsConnection;
  stream: string;
  /** One subject of the stream, or the whole stream when absent (one filter: servers before 2.10 take no more). */
  filterSubject?: string;
  /** `all`: from the stream's first event; `new`: only events published after `start()`. */
  deliver: 'all' | 'new';
  /** With `deliver: 'all'`: start at this stream sequence instead of the first (a snapshot covers what came before). */
  fromSequence?: number;
  /** Whether a message is worth decoding, by its subject; the others are passed over unread. */
  wantsSubject: (subject: string) => boolean;
  apply: (envelope: EventEnvelope) => void;
  /** An event that could not be read or applied; the follower moves on. */
  onSkipped: (reason: string) => void;
  logger?: LoggerService;
}

const RESUBSCRIBE_DELAY_MS = 250;
/** Each pull lives this long and heartbeats at half of it: a lost consumer is noticed within seconds, not half a minute. */
const PULL_EXPIRES_MS = 5_000;
const NO_MESSAGE_FOUND = 10037;

/**
 * Follows one JetStream stream into memory with an ordered (ephemeral, unacknowledged) consumer: every instance reads
 * every event, which a shared durable consumer would split between them. `caughtUp` resolves once the events that were
 * in the stream at start have been applied (at once for `deliver: 'new'`); then it follows live, and after a failure
 * resubscribes after the last event it saw.
 */
export class StreamFollower {
  private readonly logger: LoggerService;
  private lastSequence = 0;
  private startSequence = 0;
  private messages?: ConsumerMessages;
  private running?: Promise<void>;
  private stopping = false;
  private target = 0;
  private markCaughtUp!: () => void;
  readonly caughtUp = new Promise<void>((resolve) => (this.markCaughtUp = resolve));
  applied = 0;

  get stream(): string {
    return this.options.stream;
  }

  /** The stream sequence of the last event seen (applied or passed over); 0 before the first. */
  get position(): number {
    return Math.max(this.lastSequence, this.startSequence - 1, 0);
  }

  constructor(private readonly options: StreamFollowerOptions) {
    this.logger = options.logger ?? new Logger(`StreamFollower ${options.filterSubject ?? options.stream}`);
  }

  async start(): Promise<void> {
    const jsm = await this.options.nc.jetstreamManager();
    if (this.options.deliver === 'new') {
      this.startSequence = (await jsm.streams.info(this.options.stream)).state.last_seq + 1;
      this.markCaughtUp();
    } else {
      this.startSequence = this.options.fromSequence ?? 0;
      this.target = await this.lastSequenceAtStart();
      // Nothing to replay: an empty stream, or a start past everything it held (a snapshot of its end).
      if (this.target === 0 || this.target < this.startSequence) this.markCaughtUp();
    }
    this.running = this.run();
  }

  async stop(): Promise<void> {
    this.stopping = true;
    await this.messages?.close();
    await this.running;
  }

  private async run(): Promise<void> {
    while (!this.stopping) {
      try {
        const consumer = await this.options.nc.jetstream().consumers.get(this.options.stream, this.consumerOptions());
        this.messages = await consumer.consume({ max_messages: 1_000, expires: PULL_EXPIRES_MS });
        if (this.stopping) await this.messages.close();
        for await (const msg of this.messages) this.receive(msg);
      } catch (error) {
        this.logger.error(`following ${this.options.stream} failed: ${describe(error)}`);
      }
      if (!this.stopping) await new Promise((resolve) => setTimeout(resolve, RESUBSCRIBE_DELAY_MS));
    }
  }

  /** After the last event seen, else where asked. (A deliver policy other than a start sequence hangs nats.js's ordered consumer against nats-server 2.9.) */
  private consumerOptions(): Partial<OrderedConsumerOptions> {
    const { filterSubject } = this.options;
    const start = this.lastSequence > 0 ? this.lastSequence + 1 : this.startSequence;
    return { ...(filterSubject === undefined ? {} : { filterSubjects: filterSubject }), ...(start > 0 ? { opt_start_seq: start } : {}) };
  }

  private receive(msg: JsMsg): void {
    const sequence = msg.info.streamSequence;
    if (sequence <= this.lastSequence) return;
    this.lastSequence = sequence;
    if (this.options.wantsSubject(msg.subject)) this.applyOne(msg, sequence);
    if (sequence >= this.target) this.markCaughtUp();
  }

  private applyOne(msg: JsMsg, sequence: number): void {
    const decoded = decodeEnvelope(msg.data);
    try {
      if (!decoded.ok) throw new Error(`undecodable event: ${decoded.reason}`);
      this.options.apply(decoded.envelope);
      this.applied++;
    } catch (error) {
      // A malformed event must not stop the feed: it is skipped, as events of no concern are.
      this.options.onSkipped(`event #${sequence} of ${this.options.stream} not applied: ${describe(error)}`);
    }
  }

  /** The stream sequence of the last message this follower will receive that already existed at start. */
  private async lastSequenceAtStart(): Promise<number> {
    const { nc, stream, filterSubject } = this.options;
    const jsm = await nc.jetstreamManager();
    if (filterSubject === undefined) return (await jsm.streams.info(stream)).state.last_seq;
    try {
      return (await jsm.streams.getMessage(stream, { last_by_subj: filterSubject })).seq;
    } catch (error) {
      if (isApiError(error, NO_MESSAGE_FOUND)) return 0;
      throw error;
    }
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
