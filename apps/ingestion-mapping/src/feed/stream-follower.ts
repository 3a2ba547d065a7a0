import { Logger } from '@nestjs/common';
import type { EventEnvelope } from '@strata/contracts';
import { type ConsumerMessages, type JetStreamClient, type JetStreamManager, type JsMsg } from 'nats';

export interface StreamFollowerOptions {
  js: JetStreamClient;
  jsm: JetStreamManager;
  stream: string;
  /** One subject of the stream, or the whole stream when absent (one filter: servers before 2.10 take no more). */
  filterSubject?: string;
  apply: (envelope: EventEnvelope) => void;
}

const RESUBSCRIBE_DELAY_MS = 250;
const NO_MESSAGE_FOUND = 10037;

/**
 * Follows one JetStream stream from its first message with an ordered (ephemeral, unacknowledged) consumer: every
 * instance of the mapper reads every event, which a shared durable consumer would split between them. `caughtUp`
 * resolves once the events that were in the stream at start have been applied; then it follows live.
 */
export class StreamFollower {
  private readonly logger: Logger;
  private lastSequence = 0;
  private messages?: ConsumerMessages;
  private running?: Promise<void>;
  private stopping = false;
  private target = 0;
  private markCaughtUp!: () => void;
  readonly caughtUp = new Promise<void>((resolve) => (this.markCaughtUp = resolve));
  applied = 0;

  constructor(private readonly options: StreamFollowerOptions) {
    this.logger = new Logger(`StreamFollower ${options.filterSubject ?? options.stream}`);
  }

  async start(): Promise<void> {
    this.target = await this.lastSequenceAtStart();
    if (this.target === 0) this.markCaughtUp();
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
        const { js, stream, filterSubject } = this.options;
        // From the start, also after a failure: messages already applied are skipped by sequence. (An explicit
        // deliver policy makes nats.js's ordered consumer hang against nats-server 2.9, so none is given.)
        const consumer = await js.consumers.get(stream, filterSubject === undefined ? {} : { filterSubjects: filterSubject });
        this.messages = await consumer.consume({ max_messages: 1_000 });
        if (this.stopping) await this.messages.close();
        for await (const msg of this.messages) this.receive(msg);
      } catch (error) {
        this.logger.error(`following ${this.options.stream} failed: ${error instanceof Error ? error.message : String(error)}`);
      }
      if (!this.stopping) await new Promise((resolve) => setTimeout(resolve, RESUBSCRIBE_DELAY_MS));
    }
  }

  private receive(msg: JsMsg): void {
    const sequence = msg.info.streamSequence;
    if (sequence <= this.lastSequence) return;
    this.lastSequence = sequence;
    try {
      this.options.apply(msg.json<EventEnvelope>());
      this.applied++;
    } catch (error) {
      // A malformed event must not stop the feed: the tables skip it, as they skip events of no concern.
      this.logger.error(`event #${sequence} of ${this.options.stream} not applied: ${error instanceof Error ? error.message : String(error)}`);
    }
    if (sequence >= this.target) this.markCaughtUp();
  }

  /** The stream sequence of the last message this follower will receive that already existed at start. */
  private async lastSequenceAtStart(): Promise<number> {
    const { jsm, stream, filterSubject } = this.options;
    if (filterSubject === undefined) return (await jsm.streams.info(stream)).state.last_seq;
    try {
      return (await jsm.streams.getMessage(stream, { last_by_subj: filterSubject })).seq;
    } catch (error) {
      if ((error as { api_error?: { err_code?: number } }).api_error?.err_code === NO_MESSAGE_FOUND) return 0;
      throw error;
    }
  }
}
