import type { Event } from './types';

/** How a stream's events make a state (emmett's `evolve` and `initialState`): a `Decider` is one. */
export interface Evolver<State, E extends Event> {
  evolve(state: State, event: E): State;
  initialState(): State;
}

/**
 * A stream's state and the version it is at (0 = no stream): what a decision appends against. Folded from the stream
 * (`aggregateStream`), or as a read-model row holds it — an inline projection keeps the row equal to its stream folded
 * at `version`, in the append's transaction, so a decision may start from the row: should the stream have moved on,
 * the append conflicts and the command handler decides again on fresh rows.
 */
export interface AggregateState<State> {
  state: State;
  version: number;
}

/** The state `events` make, from the initial state. */
export function foldEvents<State, E extends Event>(events: readonly E[], evolver: Evolver<State, E>): State {
  return events.reduce(evolver.evolve, evolver.initialState());
}
