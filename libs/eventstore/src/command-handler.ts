import { PreconditionFailedError } from '@strata/contracts';
import { foldEvents, type AggregateState } from './aggregate';
import { ConcurrencyError } from './errors';
import type { PostgresEventStore } from './event-store';
import { versionMatches } from './expected-version';
import { retryOnConflict, type RetryPolicy } from './retry';
import type { Decider, Event, EventMetadata, ExpectedVersion, RecordedEvent, StreamSlice } from './types';

/**
 * What to decide on a stream: one command, several (decided in order), or a function of the loaded state naming
 * them — the place to authorize against the very state the decision uses, or to find an entity absent (404).
 */
export type CommandInput<State, Command> = Command | readonly Command[] | ((state: State, version: number) => Command | readonly Command[]);

export interface CommandResult<State, E extends Event> {
  events: RecordedEvent<E>[];
  newState: State;
  /** The stream's version after the command (unchanged when nothing was decided): the entity's `ETag`. */
  nextVersion: number;
}

export interface StreamOptions<State> {
  /**
   * The version the caller pinned (HTTP `If-Match`); default: the version just read. A pinned version that does not
   * match is a failed precondition (412), never retried.
   */
  expectedVersion?: ExpectedVersion;
  /** The stream's state as a read model holds it, at `version`: the stream is then not read (a stale one conflicts). */
  from?: AggregateState<State>;
}

export interface HandleOptions {
  /** Another writer appended in between: load and decide again (the default), with this policy, or never (`false`). */
  retry?: RetryPolicy | false;
  /** Added to the metadata the store records on every event (correlation, causation, actor of the request). */
  metadata?: EventMetadata;
}

export type CommandOptions<State = unknown> = StreamOptions<State> & HandleOptions;

/** One stream's part of a decision, built by `onStream`: its loaded events in, the decided events out. */
export interface StreamCommand<State, E extends Event> {
  readonly streamId: string;
  readonly pinned: boolean;
  readonly from?: { version: number };
  decide(slice: StreamSlice | undefined): StreamDecision<State, E>;
}

interface StreamDecision<State, E extends Event> {
  /** The version the append expects. */
  expectedVersion: ExpectedVersion;
  version: number;
  events: E[];
  newState: State;
}

type AnyStreamCommand = StreamCommand<unknown, Event>;
type ResultsOf<T extends readonly AnyStreamCommand[]> = { [K in keyof T]: T[K] extends StreamCommand<infer S, infer E> ? CommandResult<S, E> : never };

/** A command on one stream, to hand to `handleCommands` together with others. */
export function onStream<State, Command, E extends Event>(
  decider: Decider<State, Command, E>,
  streamId: string,
  command: CommandInput<State, Command>,
  options: StreamOptions<State> = {},
): StreamCommand<State, E> {
  const { expectedVersion: pinnedVersion, from } = options;
  return {
    streamId,
    pinned: pinnedVersion !== undefined,
    from,
    decide(slice) {
      const version = from?.version ?? slice?.version ?? 0;
      const state = from?.state ?? foldEvents((slice?.events as RecordedEvent<E>[] | undefined) ?? [], decider);
      const commands = commandsOf(command, state, version);
      // Checked after `command` has authorized: someone who may not see the entity learns nothing from a 412.
      if (pinnedVersion !== undefined && !versionMatches(pinnedVersion, version)) throw new PreconditionFailedError();
      let newState = state;
      const events: E[] = [];
      for (const next of commands) {
        const decided = decider.decide(next, newState);
        events.push(...decided);
        newState = decided.reduce(decider.evolve, newState);
      }
      return { expectedVersion: pinnedVersion ?? version, version, events, newState };
    },
  };
}

/** A command that creates a stream: decided on the initial state without reading, appended only if none exists. */
export function onNewStream<State, Command, E extends Event>(decider: Decider<State, Command, E>, streamId: string, command: CommandInput<State, Command>): StreamCommand<State, E> {
  return onStream(decider, streamId, command, { from: { state: decider.initialState(), version: 0 } });
}

/**
 * A stream's part of a decision that needs no decider (emmett's `appendToStream` with an expected stream version):
 * `events` — none by default — appended only if the stream is still at `expectedVersion`, without reading it. With no
 * events it is a guard: the stream's version when the decision read what it depends on, so a change of it meanwhile
 * makes the whole append conflict and the plan is decided again. With `'no_stream'` it writes a record once.
 */
export function atVersion<E extends Event = never>(streamId: string, expectedVersion: number | 'no_stream', events: readonly E[] = []): StreamCommand<null, E> {
  const version = expectedVersion === 'no_stream' ? 0 : expectedVersion;
  return {
    streamId,
    pinned: false,
    from: { version },
    decide: () => ({ expectedVersion, version, events: [...events], newState: null }),
  };
}

/**
 * Appends `events` as a new stream, alone: `false`, and nothing appended, when the stream exists already — a record
 * that is written once however often its cause is redelivered.
 */
export async function appendOnce<E extends Event>(store: PostgresEventStore, streamId: string, events: readonly E[], options: { metadata?: EventMetadata } = {}): Promise<boolean> {
  try {
    await store.appendToStream(streamId, events, { expectedVersion: 'no_stream', metadata: options.metadata });
    return true;
  } catch (error) {
    if (error instanceof ConcurrencyError && error.streamId === streamId) return false;
    throw error;
  }
}

/**
 * Load, decide, append on one stream (emmett's command handler): folds the stream with `evolve`, asks `decide`,
 * appends with the version read — or the one the client pinned — and, when another writer appended in between,
 * loads and decides again on the winner's state.
 */
export async function handleCommand<State, Command, E extends Event>(
  store: PostgresEventStore,
  decider: Decider<State, Command, E>,
  streamId: string,
  command: CommandInput<State, Command>,
  options: CommandOptions<State> = {},
): Promise<CommandResult<State, E>> {
  const [result] = await handleCommands(store, [onStream(decider, streamId, command, options)] as const, options);
  return result;
}

/**
 * One decision over several streams, appended all-or-nothing with each stream's expected version (a stream that
 * decides nothing still guards the decision against a concurrent change). `plan` may be a function: it runs again
 * on every attempt, so what it looks up (a user by email…) is looked up again after a lost race.
 */
export async function handleCommands<const T extends readonly AnyStreamCommand[]>(
  store: PostgresEventStore,
  plan: T | (() => Promise<T>),
  options: HandleOptions = {},
): Promise<ResultsOf<T>> {
  return attempted(plan, options, (commands) => decideAndAppend(store, commands, options.metadata));
}

/**
 * `handleCommands` for a decision over thousands of streams (an import): appended by `store.appendBulk`, set-based
 * and in bounded pieces, with the same guarantees; it answers how many events were appended, not the events.
 */
export async function handleBulkCommands(
  store: PostgresEventStore,
  plan: readonly AnyStreamCommand[] | (() => Promise<readonly AnyStreamCommand[]>),
  options: HandleOptions = {},
): Promise<{ events: number }> {
  return attempted(plan, options, async (commands) => {
    const decisions = await decided(store, commands);
    if (decisions.every((d) => d.events.length === 0)) return { events: 0 };
    const appends = commands.map((c, i) => ({ streamId: c.streamId, expectedVersion: decisions[i].expectedVersion, events: decisions[i].events }));
    return { events: (await store.appendBulk(appends, { metadata: options.metadata })).events };
  });
}

/** One attempt per round: the plan (run again when a function), then `run`; a pinned stream's conflict is a 412. */
async function attempted<T extends readonly AnyStreamCommand[], R>(plan: T | (() => Promise<T>), options: HandleOptions, run: (commands: T) => Promise<R>): Promise<R> {
  const attempt = async () => {
    const commands = typeof plan === 'function' ? await plan() : plan;
    try {
      return await run(commands);
    } catch (error) {
      if (error instanceof ConcurrencyError && commands.some((c) => c.pinned && conflictsOn(error, c.streamId))) throw new PreconditionFailedError();
      throw error;
    }
  };
  if (options.retry === false) return attempt();
  return retryOnConflict(attempt, options.retry);
}

/** Each command decided on its stream: read unless the command starts from a known version. */
async function decided(store: PostgresEventStore, commands: readonly AnyStreamCommand[]): Promise<StreamDecision<unknown, Event>[]> {
  const slices = await Promise.all(commands.map((c) => (c.from === undefined ? store.readStream(c.streamId) : undefined)));
  return commands.map((c, i) => c.decide(slices[i]));
}

async function decideAndAppend<const T extends readonly AnyStreamCommand[]>(
  store: PostgresEventStore,
  commands: T,
  metadata: EventMetadata | undefined,
): Promise<ResultsOf<T>> {
  const decisions = await decided(store, commands);
  if (decisions.every((d) => d.events.length === 0)) {
    return decisions.map((d) => ({ events: [], newState: d.newState, nextVersion: d.version })) as ResultsOf<T>;
  }
  const appended = await store.appendToStreams(
    commands.map((c, i) => ({ streamId: c.streamId, expectedVersion: decisions[i].expectedVersion, events: decisions[i].events })),
    { metadata },
  );
  return decisions.map((d, i) => ({ events: appended[i].events, newState: d.newState, nextVersion: appended[i].nextVersion })) as ResultsOf<T>;
}

function commandsOf<State, Command>(input: CommandInput<State, Command>, state: State, version: number): readonly Command[] {
  const named = typeof input === 'function' ? (input as (state: State, version: number) => Command | readonly Command[])(state, version) : input;
  return Array.isArray(named) ? (named as readonly Command[]) : [named as Command];
}

/** A conflict caught by the unique backstop names every stream of the append. */
function conflictsOn(error: ConcurrencyError, streamId: string): boolean {
  return error.streamId === streamId || error.streamId.split(',').includes(streamId);
}
