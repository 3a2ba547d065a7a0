import { foldEvents, type Decider, type Evolver, type Event } from '@strata/eventstore';

type ErrorClass = abstract new (...args: never[]) => Error;

/**
 * `given(events).when(command).then(events)` for pure deciders: business rules specified without a database.
 *
 *   const spec = DeciderSpec.for(environmentDecider);
 *   spec.given([created]).when({ type: 'RenameEnvironment', … }).then([renamed]);
 *   spec.given([created, deleted]).when(rename).thenThrows(NotFoundError, /deleted/);
 */
export const DeciderSpec = {
  for<State, Command, E extends Event>(decider: Decider<State, Command, E>) {
    return {
      given(events: E[]) {
        return {
          when(command: Command) {
            const run = (): E[] => {
              const state = foldEvents(events, decider);
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

/** The state a stream folds to: for specs that check `evolve` directly. */
export function fold<State, E extends Event>(decider: Evolver<State, E>, events: E[]): State {
  return foldEvents(events, decider);
}
