import { ConflictError, ValidationError } from '@strata/contracts';
import { DeciderSpec, fold, type SpecifiedDecider } from './decider-spec';

type CounterEvent = { type: 'Incremented'; data: { by: number } } | { type: 'Closed'; data: Record<string, never> };
type CounterCommand = { type: 'Increment'; by: number } | { type: 'Close' };
interface Counter {
  total: number;
  closed: boolean;
}

const counter: SpecifiedDecider<Counter, CounterCommand, CounterEvent> = {
  initialState: () => ({ total: 0, closed: false }),
  evolve: (state, event) => {
    switch (event.type) {
      case 'Incremented':
        return { ...state, total: state.total + event.data.by };
      case 'Closed':
        return { ...state, closed: true };
    }
  },
  decide: (command, state) => {
    if (state.closed) throw new ConflictError('counter is closed');
    switch (command.type) {
      case 'Increment':
        if (command.by <= 0) throw new ValidationError('must be positive', 'by');
        return [{ type: 'Incremented', data: { by: command.by } }];
      case 'Close':
        return [{ type: 'Closed', data: {} }];
    }
  },
};

describe('DeciderSpec', () => {
  const spec = DeciderSpec.for(counter);

  it('folds the given events before deciding', () => {
    spec.given([{ type: 'Incremented', data: { by: 2 } }]).when({ type: 'Increment', by: 3 }).then([{ type: 'Incremented', data: { by: 3 } }]);
    expect(fold(counter, [{ type: 'Incremented', data: { by: 2 } }, { type: 'Incremented', data: { by: 3 } }]).total).toBe(5);
  });

  it('asserts the error class and message', () => {
    spec.given([{ type: 'Closed', data: {} }]).when({ type: 'Increment', by: 1 }).thenThrows(ConflictError, /closed/);
    spec.given([]).when({ type: 'Increment', by: 0 }).thenThrows(ValidationError, 'positive');
  });

  it('fails when the decider decides something else', () => {
    expect(() => spec.given([]).when({ type: 'Increment', by: 1 }).then([])).toThrow();
    expect(() => spec.given([]).when({ type: 'Increment', by: 1 }).thenThrows(ConflictError)).toThrow();
  });
});
