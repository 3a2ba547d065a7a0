import type { Transaction } from '@strata/database';

/** A domain event as a service decides it: a discriminated union member on `type`. */
export interface Event<Type extends string = string, Data = unknown> {
  type: Type;
  data: Data;
}

/** Who caused an event and in answer to what (SPEC §3). */
export interface EventMetadata {
  correlationId?: string;
  causationId?: string;
  actor?: string;
  [key: string]: unknown;
}

/** What the store adds to a decided event when it records it: the outbox row's columns. */
export interface RecordedEventFields {
  /** UUID v7; also the JetStream `Nats-Msg-Id`. */
  id: string;
  streamId: string;
  /** 1-based position of the event in its stream; the stream's version after it. */
  streamPosition: number;
  /** Global order of insertion (not of commit). */
  globalPosition: number;
  /** `xid8` of the writing transaction, as a decimal string. */
  transactionId: string;
  metadata: EventMetadata;
  createdAt: Date;
}

/**
 * An event as stored. Distributes over the union `E`, so a `switch (event.type)` narrows `event.data` as it does on
 * the decided event, and a recorded event can be handed to `evolve` as it is.
 */
export type RecordedEvent<E extends Event = Event> = E extends Event ? E & RecordedEventFields : never;

/**
 * The version the command decided on: a number (the stream's last position; 0 = empty), `'no_stream'` (must not
 * exist yet), `'stream_exists'`, or `'any'` (no check — only for streams no rule depends on).
 */
export type ExpectedVersion = number | 'no_stream' | 'stream_exists' | 'any';

/**
 * A pure aggregate: `decide(command, state) → events`, `evolve(state, event) → state`. No I/O: rules are tested
 * with `given(events).when(command).then(events)`.
 */
export interface Decider<State, Command, E extends Event> {
  decide(command: Command, state: State): E[];
  evolve(state: State, event: E): State;
  initialState(): State;
}

/**
 * A position in commit-safe order: the writing transaction, then the global position inside it. Every row committed
 * after a reader saw this checkpoint sorts after it, so reading "after the checkpoint" never skips a row.
 */
export interface Checkpoint {
  /** `xid8`, decimal. */
  transactionId: string;
  globalPosition: number;
}

export interface StreamSlice<E extends Event = Event> {
  /** The stream's current version (its last position; 0 = no stream), whatever slice was asked for. */
  version: number;
  events: RecordedEvent<E>[];
}

export interface AppendResult<E extends Event = Event> {
  streamId: string;
  /** The stream's version after the append: the expected version of the next one. */
  nextVersion: number;
  events: RecordedEvent<E>[];
}

export interface StreamAppend<E extends Event = Event> {
  streamId: string;
  expectedVersion: ExpectedVersion;
  events: readonly E[];
}

/**
 * A read model updated in the append's transaction, so the owning service reads its own writes (lists, uniqueness
 * checks). `apply` must be deterministic and depend only on per-stream order: a rebuild replays the log in
 * commit-safe order, which agrees with live order within each stream but not necessarily across streams.
 */
export interface InlineProjection {
  readonly name: string;
  /** Event types `apply` receives; the others never reach it. */
  readonly handles: readonly string[];
  apply(events: RecordedEvent[], tx: Transaction): Promise<void>;
  /** Empties the read model, before a rebuild. */
  reset(tx: Transaction): Promise<void>;
}
