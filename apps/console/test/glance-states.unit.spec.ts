import type { ComparedState, Comparison } from '../src/api/types';
import { glanceKey, glanceStates } from '../src/flags/glance-states';

const state = (enabled: boolean): ComparedState => ({ enabled, feature_state_value: null, multivariate_feature_state_values: [], segment_overrides: [], identity_overrides_count: 0 });
const comparison = (head: number, flags: [string, boolean, boolean][]): Comparison => ({
  base: { id: 1, name: 'Production' },
  head: { id: head, name: `env ${head}` },
  flags: flags.map(([id, base, other]) => ({ id, key: id, base: state(base), head: state(other), differs: base === other ? [] : ['enabled'] })),
  own_entities: { base: [], head: [] },
});

describe('the flag list at a glance: states from one comparison per other environment', () => {
  it('keeps each flag’s state in the current environment and in every other one', () => {
    const states = glanceStates(1, [comparison(2, [['a', true, false]]), comparison(3, [['a', true, true], ['b', false, true]])]);
    expect(states.get(glanceKey(1, 'a'))?.enabled).toBe(true);
    expect(states.get(glanceKey(2, 'a'))?.enabled).toBe(false);
    expect(states.get(glanceKey(3, 'a'))?.enabled).toBe(true);
    expect(states.get(glanceKey(3, 'b'))?.enabled).toBe(true);
    expect(states.get(glanceKey(1, 'b'))?.enabled).toBe(false);
  });

  it('has nothing for a flag no other environment sees (its cell asks on its own), nor with no other environment', () => {
    expect(glanceStates(1, [comparison(2, [['a', true, false]])]).has(glanceKey(1, 'own'))).toBe(false);
    expect(glanceStates(1, []).size).toBe(0);
  });
});
