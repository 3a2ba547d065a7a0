import type { ComparedFlag, ComparedState } from '../src/api/types';
import { copyRequest, fieldText, ownEntityGroups, stateFields, toggled, visibleFlags } from '../src/compare/comparison';

const state = (change: Partial<ComparedState> = {}): ComparedState => ({
  enabled: false,
  feature_state_value: null,
  multivariate_feature_state_values: [],
  segment_overrides: [],
  identity_overrides_count: 0,
  ...change,
});
const flag = (key: string, base: ComparedState, head: ComparedState, differs: ComparedFlag['differs']): ComparedFlag => ({ id: `id-${key}`, key, base, head, differs });

describe('the console compare view', () => {
  it('reads each compared field in words', () => {
    const on = state({
      enabled: true,
      feature_state_value: { type: 'unicode', string_value: 'red' },
      multivariate_feature_state_values: [
        { multivariate_feature_option: 1, percentage_allocation: 70 },
        { multivariate_feature_option: 0, percentage_allocation: 30 },
      ],
      segment_overrides: [{ segment_id: 'c', priority: 0, scope: 'environment', enabled: true }],
      identity_overrides_count: 2,
    });
    expect(['enabled', 'feature_state_value', 'multivariate_feature_state_values', 'segment_overrides', 'identity_overrides_count'].map((field) => fieldText(field as never, on))).toEqual([
      'On', 'value red', 'allocations 30% / 70%', '1 rollout group', '2 identity overrides',
    ]);
    expect(fieldText('feature_state_value', state())).toBe('no value');
    expect(fieldText('multivariate_feature_state_values', state())).toBe('no allocations');
  });

  it('marks the fields that differ, and can show only the flags that do', () => {
    const differing = flag('checkout', state({ enabled: true }), state(), ['enabled']);
    const same = flag('banner', state(), state(), []);
    expect(stateFields(differing, 'base').filter((entry) => entry.differs)).toEqual([{ field: 'enabled', text: 'On', differs: true }]);
    expect(stateFields(differing, 'head')[0]).toEqual({ field: 'enabled', text: 'Off', differs: true });
    expect(visibleFlags([differing, same], true)).toEqual([differing]);
    expect(visibleFlags([differing, same], false)).toEqual([differing, same]);
  });

  it('picks and unpicks a flag', () => {
    expect(toggled([], 'a')).toEqual(['a']);
    expect(toggled(['a', 'b'], 'a')).toEqual(['b']);
  });

  it('copies the picked flags by id, and all of them by naming none (the API default)', () => {
    const options = { copyCohorts: false, includeIdentityOverrides: true };
    expect(copyRequest(2, 1, { all: false, ids: ['a'] }, options, true)).toEqual({
      from_environment_id: 2, to_environment_id: 1, flag_ids: ['a'], include_identity_overrides: true, copy_cohorts: false, dry_run: true,
    });
    const all = copyRequest(2, 1, { all: true }, { ...options, copyCohorts: true }, false);
    expect(all).not.toHaveProperty('flag_ids');
    expect(all).toMatchObject({ copy_cohorts: true, dry_run: false });
  });

  it("groups an environment's own entities by kind in the order of the kinds, keeping the API's order within a kind", () => {
    const own = [
      { kind: 'feature_flag' as const, id: 'f', name: 'checkout' },
      { kind: 'cohort' as const, id: 'c2', name: 'Testers' },
      { kind: 'dashboard' as const, id: 'd', name: 'Growth' },
      { kind: 'cohort' as const, id: 'c1', name: 'Beta' },
    ];
    expect(ownEntityGroups(own).map((group) => [group.kind, group.entities.map((entity) => entity.id)])).toEqual([
      ['dashboard', ['d']],
      ['cohort', ['c2', 'c1']],
      ['feature_flag', ['f']],
    ]);
    expect(ownEntityGroups([])).toEqual([]);
  });
});
