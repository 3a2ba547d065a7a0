/**
 * A definition's state as its read-model row holds it, and the stream version that state is at. The projections keep
 * a row equal to its stream folded with `evolve` at `version` (same transaction), so a decision may start from the row
 * and append with `version` as the expected version: should the stream have moved on, the append conflicts and the
 * command handler decides again on fresh rows.
 */
export interface LoadedState<State> {
  state: State;
  version: number;
}
