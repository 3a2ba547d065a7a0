/**
 * The shapes of `Decider` and `Evolver` of @strata/eventstore, which this lib does not import: eventstore's specs use
 * the messaging kit, whose specs use this lib, so it stays below both (a cycle otherwise).
 */
export interface SpecifiedEvolver<State, E> {
  evolve(state: State, event: E): State;
  initialState(): State;
}
export interface SpecifiedDecider<State, Command, E> extends SpecifiedEvolver<State, E> {
  decide(command: Command, state: State): E[];
}

/** The state `events` fold to from the initial one: `foldEvents` of @strata/eventstore. */
export function fold<State, E>(decider: SpecifiedEvolver<State, E>, events: readonly E[]): State {
  return events.reduce(decider.evolve, decider.initialState());
}

type ErrorClass = abstract new (...args: never[]) => Error;

/**
 * `given(events).when(command).then(events)` for pure deciders: business rules specified without a database.
 *
 *   const spec = DeciderSpec.for(environmentDecider);
 *   spec.given([created]).when({ type: 'RenameEnvironment', … }).then([renamed]);
 *   spec.given([created, deleted]).when(rename).thenThrows(NotFoundError, /deleted/);
 */
export const DeciderSpec = {
  for<State, Command, E>(decider: SpecifiedDecider<State, Command, E>) {
    return {
      given(events: E[]) {
        return {
          when(command: Command) {
            const run = (): E[] => {
              const state = fold(decider, events);
              return decider.decide(command, state);
            };
            return {
              then(expected: E[]): void {
                expect(run()).toEqual(expected);
              },
              thenNothingHappens(): void {
                expect(run()).toEqual([]);
              },
              thenThrows(errorClass: ErrorClass, message?: RegExp | string): void {
                let thrown: unknown;
                try {
                  run();
                } catch (error) {
                  thrown = error;
                }
                expect(thrown).toBeInstanceOf(errorClass);
                if (message !== undefined) expect((thrown as Error).message).toMatch(message);
              },
            };
          },
        };
      },
    };
  },
};
