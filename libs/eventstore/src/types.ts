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

/** An event as stored: the outbox row. */
export interface RecordedEvent<E extends Event = Event> {
  /** UUID v7; also the JetStream `Nats-Msg-Id`. */
  id: string;
  streamId: string;
  /** 1-based position of the event in its stream; the stream's version after it. */
  streamPosition: number;
  /** Global order of insertion (not of commit). */
  globalPosition: number;
  /** `xid8` of the writing transaction, as a decimal string. */
  transactionId: string;
  type: E['type'];
  data: E['data'];
  metadata: EventMetadata;
  createdAt: Date;
}

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
