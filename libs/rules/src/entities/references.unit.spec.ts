import { referencesOf, searchTextOf } from './references';

const [a, b, c] = ['00000000-0000-4000-8000-00000000000a', '00000000-0000-4000-8000-00000000000b', '00000000-0000-4000-8000-00000000000c'];

describe("SPEC §4.4's dependency table", () => {
  it('names each reference with the field that holds it, in field order', () => {
    expect(referencesOf('dashboard', { tiles: [{ insight_id: a }, { insight_id: b }] })).toEqual([
      { kind: 'insight', id: a, field: 'tiles.0.insight_id' },
      { kind: 'insight', id: b, field: 'tiles.1.insight_id' },
    ]);
    expect(referencesOf('insight', { filters: { action_ids: [a], cohort_ids: [b] } })).toEqual([
      { kind: 'action', id: a, field: 'filters.action_ids.0' },
      { kind: 'cohort', id: b, field: 'filters.cohort_ids.0' },
    ]);
    expect(referencesOf('survey', { linked_flag_id: a, targeting_flag_id: null })).toEqual([{ kind: 'feature_flag', id: a, field: 'linked_flag_id' }]);
  });

  it("reads a cohort's rules at any depth, each cohort and action once", () => {
    const condition = (operator: string, value: string) => ({ property_: null, operator, value });
    const rules = [{ type: 'ALL', rules: [{ type: 'ANY', rules: [], conditions: [condition('IN_COHORT', a), condition('PERFORMED_ACTION', c)] }], conditions: [condition('IN_COHORT', a)] }];
    expect(referencesOf('cohort', { rules })).toEqual([
      { kind: 'cohort', id: a, field: 'rules' },
      { kind: 'action', id: c, field: 'rules' },
    ]);
  });

  it('finds nothing in actions and flags', () => {
    expect(referencesOf('action', { steps: [] })).toEqual([]);
    expect(referencesOf('feature_flag', { key: 'checkout' })).toEqual([]);
  });

  it("searches a flag by key and name, anything else by name", () => {
    expect(searchTextOf('feature_flag', { key: 'checkout', name: 'New checkout' })).toBe('checkout New checkout');
    expect(searchTextOf('cohort', { name: ' Buyers ' })).toBe('Buyers');
  });
});
