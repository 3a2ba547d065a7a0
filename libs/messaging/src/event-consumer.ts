import { Logger, type LoggerService } from '@nestjs/common';
import { deadLetterSubject, type EventEnvelope, type MessageContext, type ServiceName } from '@strata/contracts';
import type { Database, Transaction } from '@strata/database';
import type { Consumer, ConsumerMessages, JetStreamClient, JsMsg, MsgHdrs, NatsConnection } from 'nats';
import { runInContext } from './context';
import { publishDeadLetter } from './dead-letter';
import { deleteDurableConsumer, ensureDurableConsumer } from './durable-consumer';
import { contextOfEvent, decodeEnvelope, retryDelay } from './envelope-codec';
import { forgetProcessed, recordProcessed } from './processed-events';

/** Applies one event to a read model through `tx`; throwing rolls the change back and schedules a redelivery. */
export type EventHandler = (envelope: EventEnvelope, tx: Transaction, context: MessageContext) => Promise<void>;

export interface EventConsumerOptions {
  nc: NatsConnection;
  db: Database;
  /** The consuming service: its dead-letter subject and stream receive what this consumer gives up on. */
  service: ServiceName;
  /** Durable consumer name (no dots), also the key of its processed events. */
  name: string;
  /** The stream read, e.g. `eventStreamName('projects', prefix)`. */
  stream: string;
  /** Subjects of the stream to receive (all when absent). */
  filterSubjects?: readonly string[];
  prefix?: string;
  /** Deliveries before the event is dead-lettered. */
  maxDeliver?: number;
  /** Pause before the redelivery after the n-th failure; the last step repeats. */
  backoffMs?: readonly number[];
  /** How long a delivery may go unacknowledged before JetStream redelivers it (keep above the slowest handler). */
  ackWaitMs?: number;
  handle: EventHandler;
  /** Whether a message concerns the handler (by subject before decoding, then by envelope); others are acknowledged unapplied. */
  concerns?: Concerns;
  /** Empties the read model this consumer keeps, so `replayFromStart()` can rebuild it from the stream. */
  reset?: (tx: Transaction) => Promise<void>;
  logger?: LoggerService;
}

export interface Concerns {
  subject(subject: string): boolean;
  envelope(envelope: EventEnvelope): boolean;
}

const RESUBSCRIBE_DELAY_MS = 1_000;

/**
 * The engine behind `consume()` (the one way to consume domain events, typed): a durable JetStream pull consumer applying events one at a time, in stream
 * order, each in one Postgres transaction that also records its id (a redelivered or re-published event changes
 * nothing). A failing event is redelivered with backoff, then dead-lettered so the consumer moves on.
 */
export class EventConsumer {
  private readonly js: JetStreamClient;
  private readonly logger: LoggerService;
  private readonly maxDeliver: number;
  private readonly backoffMs: readonly number[];
  private readonly deadLetterSubject: string;
  private messages?: ConsumerMessages;
  private running?: Promise<void>;
  private stopping = false;

  constructor(private readonly options: EventConsumerOptions) {
    this.js = options.nc.jetstream();
    this.logger = options.logger ?? new Logger(`EventConsumer ${options.name}`);
    this.maxDeliver = options.maxDeliver ?? 5;
    this.backoffMs = options.backoffMs ?? [1_000, 5_000, 30_000];
    this.deadLetterSubject = deadLetterSubject(options.service, options.name, options.prefix);
  }

  /** Creates or updates the durable consumer, then processes in the background until `stop()`. */
  async start(): Promise<void> {
    if (this.running) throw new Error(`consumer ${this.options.name} is already running`);
    const { nc, stream, name, filterSubjects } = this.options;
    await ensureDurableConsumer(nc, await nc.jetstreamManager(), {
      stream,
      durable: name,
      filterSubjects,
      ackWaitMs: this.options.ackWaitMs ?? 30_000,
    });
    const consumer = await this.js.consumers.get(stream, name);
    this.stopping = false;
    this.running = this.run(consumer);
  }

  get name(): string {
    return this.options.name;
  }

  /** The stream it reads. */
  get stream(): string {
    return this.options.stream;
  }

  /**
   * Applies a message this consumer dead-lettered, once its handler can (an operator's replay): in one transaction
   * with its id, as a delivery is, so an event recorded meanwhile changes nothing (`applied: false`). Throws what the
   * handler throws. It comes after the events that followed it in the stream, as a late redelivery would.
   */
  async applyDeadLetter(data: Uint8Array, headers?: MsgHdrs): Promise<{ eventId: string; type: string; applied: boolean }> {
    const decoded = decodeEnvelope(data);
    if (!decoded.ok) throw new Error(`the dead letter is not an event: ${decoded.reason}`);
    const { envelope } = decoded;
    const concerned = this.options.concerns?.envelope(envelope) ?? true;
    return { eventId: envelope.id, type: envelope.type, applied: concerned && (await this.apply(envelope, headers)) };
  }

  /**
   * Rebuilds this consumer's read model from the stream: forgets the durable consumer's position and the events it
   * recorded, and empties the read model (`reset`) in one transaction, so the next `start()` applies the stream from
   * its first event. For a stopped service: a running instance would keep consuming from where it was.
   */
  async replayFromStart(): Promise<void> {
    if (this.running) throw new Error(`consumer ${this.options.name} is running: stop it before replaying`);
    const { reset, name, stream, nc, db } = this.options;
    if (!reset) throw new Error(`consumer ${name} has no reset: its read model cannot be rebuilt`);
    // The position goes first: should the process die before the reset, the next start replays onto the recorded
    // events, skips them all, and the read model stays as it was — never emptied behind a consumer that moved on.
    await deleteDurableConsumer(await nc.jetstreamManager(), stream, name);
    await db.transaction(async (tx) => {
      await forgetProcessed(tx, name);
      await reset(tx);
    });
  }

  /** Stops pulling, lets the event in hand finish and be acknowledged, then resolves. */
  async stop(): Promise<void> {
    this.stopping = true;
    await this.messages?.close();
    await this.running;
    this.running = undefined;
    // The last ack must reach the server before the caller closes the connection.
    if (!this.options.nc.isClosed()) await this.options.nc.flush().catch(() => undefined);
  }

  private async run(consumer: Consumer): Promise<void> {
    while (!this.stopping) {
      try {
        this.messages = await consumer.consume({ max_messages: 10 });
        if (this.stopping) await this.messages.close();
        for await (const msg of this.messages) await this.receive(msg);
      } catch (error) {
        this.logger.error(`pulling from ${this.options.stream} failed: ${describe(error)}`);
      }
      if (!this.stopping) await sleep(RESUBSCRIBE_DELAY_MS);
    }
  }

  private async receive(msg: JsMsg): Promise<void> {
    // Delivered after stop() was asked: hand it back at once rather than after the ack wait.
    if (this.stopping) return msg.nak();
    const { concerns } = this.options;
    if (concerns && !concerns.subject(msg.subject)) return msg.ack();
    const decoded = decodeEnvelope(msg.data);
    if (!decoded.ok) return this.deadLetter(msg, `undecodable event: ${decoded.reason}`);
    if (concerns && !concerns.envelope(decoded.envelope)) return msg.ack();
    try {
      await this.apply(decoded.envelope, msg.headers);
      msg.ack();
    } catch (error) {
      await this.retryOrDeadLetter(msg, error);
    }
  }

  /** False when the event was already recorded: a redelivery or a republish, skipped. */
  private apply(envelope: EventEnvelope, headers: MsgHdrs | undefined): Promise<boolean> {
    const context = contextOfEvent(envelope, headers);
    return runInContext(context, () =>
      this.options.db.transaction(async (tx) => {
        if (!(await recordProcessed(tx, this.options.name, envelope.id))) return false;
        await this.options.handle(envelope, tx, context);
        return true;
      }),
    );
  }

  private async retryOrDeadLetter(msg: JsMsg, error: unknown): Promise<void> {
    const attempt = msg.info.deliveryCount;
    if (attempt >= this.maxDeliver) return this.deadLetter(msg, describe(error), error);
    const delay = retryDelay(this.backoffMs, attempt);
    this.logger.warn(`event #${msg.info.streamSequence} failed (attempt ${attempt} of ${this.maxDeliver}), retrying in ${delay} ms: ${describe(error)}`);
    msg.nak(delay);
  }

  private async deadLetter(msg: JsMsg, reason: string, error?: unknown): Promise<void> {
    const sequence = msg.info.streamSequence;
    try {
      await publishDeadLetter(this.js, this.deadLetterSubject, msg, this.options.name, reason);
      msg.term();
      this.logger.error(`event #${sequence} dead-lettered to ${this.deadLetterSubject}: ${reason}`, error instanceof Error ? error.stack : undefined);
    } catch (publishError) {
      // Terminating without a stored dead letter would lose the event: keep it and try again later.
      this.logger.error(`event #${sequence} could not be dead-lettered, retrying: ${describe(publishError)}`);
      msg.nak(retryDelay(this.backoffMs, this.backoffMs.length));
    }
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
