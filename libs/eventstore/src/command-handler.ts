import { PreconditionFailedError } from '@strata/contracts';
import { ConcurrencyError } from './errors';
import type { PostgresEventStore } from './event-store';
import { versionMatches } from './expected-version';
import type { Decider, Event, EventMetadata, ExpectedVersion, RecordedEvent } from './types';

export interface CommandOptions {
  /**
   * The version the caller pinned (HTTP `If-Match`); default: the version just read. A pinned version that does not
   * match is a failed precondition (412), not a race to retry.
   */
  expectedVersion?: ExpectedVersion;
  metadata?: EventMetadata;
}

export interface CommandResult<State, E extends Event> {
  events: RecordedEvent<E>[];
  newState: State;
  nextVersion: number;
}

/**
 * Load, decide, append: folds the stream with `evolve`, asks `decide`, appends with the expected version. A stream
 * written in between makes the append fail with `ConcurrencyError`, never silently merges.
 */
export async function handleCommand<State, Command, E extends Event>(
  store: PostgresEventStore,
  decider: Decider<State, Command, E>,
  streamId: string,
  command: Command,
  options: CommandOptions = {},
): Promise<CommandResult<State, E>> {
  const { version, events } = await store.readStream<E>(streamId);
  const pinned = options.expectedVersion !== undefined;
  const expectedVersion = options.expectedVersion ?? version;
  // A stale If-Match fails before deciding on state the caller never saw.
  if (!versionMatches(expectedVersion, version)) throw pinned ? new PreconditionFailedError() : new ConcurrencyError(streamId, expectedVersion, version);
  const state = fold(decider, decider.initialState(), events);
  const decided = decider.decide(command, state);
  if (decided.length === 0) return { events: [], newState: state, nextVersion: version };
  try {
    const appended = await store.appendToStream(streamId, decided, { expectedVersion, metadata: options.metadata });
    return { events: appended.events, newState: fold(decider, state, decided), nextVersion: appended.nextVersion };
  } catch (error) {
    throw pinned && error instanceof ConcurrencyError ? new PreconditionFailedError() : error;
  }
}

/** A decision over several streams of one aggregate kind (a move between two projects, a bulk change). */
export interface MultiStreamDecider<State, Command, E extends Event> {
  decide(command: Command, states: ReadonlyMap<string, State>): ReadonlyMap<string, E[]>;
  evolve(state: State, event: E): State;
  initialState(): State;
}

export interface MultiStreamCommandOptions {
  /** Per stream id; a stream left out is expected at the version just read. */
  expectedVersions?: Readonly<Record<string, ExpectedVersion>>;
  metadata?: EventMetadata;
}

/** `handleCommand` over several streams: one decision, one all-or-nothing append. Keyed by stream id. */
export async function handleMultiStreamCommand<State, Command, E extends Event>(
  store: PostgresEventStore,
  decider: MultiStreamDecider<State, Command, E>,
  streamIds: readonly string[],
  command: Command,
  options: MultiStreamCommandOptions = {},
): Promise<Map<string, CommandResult<State, E>>> {
  const slices = await Promise.all(streamIds.map((id) => store.readStream<E>(id)));
  const states = new Map(streamIds.map((id, i) => [id, fold(decider, decider.initialState(), slices[i].events)]));
  const decided = decider.decide(command, states);
  const appends = streamIds.map((streamId, i) => ({
    streamId,
    expectedVersion: options.expectedVersions?.[streamId] ?? slices[i].version,
    events: decided.get(streamId) ?? [],
  }));
  const results = await store.appendToStreams(appends, { metadata: options.metadata });
  return new Map(
    results.map((r) => [r.streamId, { events: r.events, newState: fold(decider, states.get(r.streamId)!, decided.get(r.streamId) ?? []), nextVersion: r.nextVersion }]),
  );
}

function fold<State, E extends Event>(decider: Pick<Decider<State, unknown, E>, 'evolve'>, state: State, events: readonly E[]): State {
  return events.reduce((s, e) => decider.evolve(s, e), state);
}
