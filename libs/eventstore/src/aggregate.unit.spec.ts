import { foldEvents } from './aggregate';
import type { Event } from './types';

type Step = Event<'Stepped', { to: string }>;

describe('foldEvents', () => {
  const path = { initialState: (): string[] => [], evolve: (state: string[], event: Step) => [...state, event.data.to] };

  it('folds events in order from a fresh initial state', () => {
    const steps: Step[] = [{ type: 'Stepped', data: { to: 'a' } }, { type: 'Stepped', data: { to: 'b' } }];

    expect(foldEvents(steps, path)).toEqual(['a', 'b']);
    expect(foldEvents([], path)).toEqual([]);
  });
});
