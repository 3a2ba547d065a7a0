import { ConflictError, ValidationError, type entities } from '@strata/contracts';
import type { FlagStateState } from '../flags/flag-state';
import { compareFlags, stateKey, type StatesSeen } from './compare';
import { changeOf, cohortsNotVisible, differencesOf } from './flag-state-copy';

const STAGING = 11;
const PRODUCTION = 12;
const FLAG = { id: '00000000-0000-7000-8000-000000000001', version: 1, fields: { key: 'checkout', multivariate_options: [] } };
const OTHER = { id: '00000000-0000-7000-8000-000000000002', version: 1, fields: { key: 'banner', default_enabled: true } };
const SHARED = '00000000-0000-7000-8000-0000000000c1';
const STAGING_TESTERS = '00000000-0000-7000-8000-0000000000c2';
const PRODUCTION_TESTERS = '00000000-0000-7000-8000-0000000000c3';
const COPY = '00000000-0000-7000-8000-0000000000c4';

const cohorts = new Map([
  [SHARED, { name: 'Pro', environmentId: null }],
  [STAGING_TESTERS, { name: 'Testers', environmentId: STAGING }],
  [PRODUCTION_TESTERS, { name: 'Testers', environmentId: PRODUCTION }],
]);

const group = (segment_id: string, priority: number, scope: 'environment' | 'project' = 'environment'): entities.SegmentOverride => ({ segment_id, priority, scope, enabled: true });

function set(enabled: boolean, segmentOverrides: entities.SegmentOverride[] = [], multivariateValues: entities.MultivariateStateValue[] = []): { state: FlagStateState } {
  return { state: { status: 'set', state: { enabled, featureStateValue: null, multivariateValues, segmentOverrides } } };
}

function seen(states: [number, string, { state: FlagStateState }][], counts: [number, string, number][] = []): StatesSeen {
  return {
    flags: [FLAG, OTHER],
    states: new Map(states.map(([environment, flag, state]) => [stateKey(environment, flag), state])),
    projectGroups: new Map([[FLAG.id, { state: [group(SHARED, 1, 'project')] }]]),
    identityCounts: new Map(counts.map(([environment, flag, n]) => [stateKey(environment, flag), n])),
    cohorts,
  };
}

const request = { fromEnvironmentId: STAGING, toEnvironmentId: PRODUCTION };

describe('comparing and copying flag states between environments (SPEC §11)', () => {
  it('compares each side as its SDKs see it: defaults where never set, the project’s groups on both, allocations in any order', () => {
    const states = seen([
      [STAGING, FLAG.id, set(true, [], [{ multivariate_feature_option: 1, percentage_allocation: 5 }, { multivariate_feature_option: 0, percentage_allocation: 10 }])],
      [PRODUCTION, FLAG.id, set(true, [], [{ multivariate_feature_option: 0, percentage_allocation: 10 }, { multivariate_feature_option: 1, percentage_allocation: 5 }])],
      [PRODUCTION, OTHER.id, set(false)],
    ], [[PRODUCTION, FLAG.id, 2]]);
    const [checkout, banner] = compareFlags(states, STAGING, PRODUCTION);
    expect(checkout).toMatchObject({ key: 'checkout', differs: ['identity_overrides_count'] });
    expect(checkout.base.segment_overrides).toEqual([group(SHARED, 1, 'project')]);
    expect(banner).toMatchObject({ key: 'banner', base: { enabled: true }, head: { enabled: false }, differs: ['enabled'] });
  });

  it('matches a group on each environment’s own cohort of one name, never one on a cohort of another name', () => {
    const same = seen([[STAGING, FLAG.id, set(true, [group(STAGING_TESTERS, 2)])], [PRODUCTION, FLAG.id, set(true, [group(PRODUCTION_TESTERS, 2)])]]);
    expect(compareFlags(same, STAGING, PRODUCTION)[0].differs).toEqual([]);
    const other = seen([[STAGING, FLAG.id, set(true, [group(STAGING_TESTERS, 2)])], [PRODUCTION, FLAG.id, set(true, [group(SHARED, 2)])]]);
    expect(compareFlags(other, STAGING, PRODUCTION)[0].differs).toEqual(['segment_overrides']);
  });

  it('changes only the flags that differ, and refuses groups on the source’s own cohorts until they are copied', () => {
    const states = seen([[STAGING, FLAG.id, set(true, [group(STAGING_TESTERS, 2)])], [STAGING, OTHER.id, set(true)]]);
    const { differences, hidden } = differencesOf(states, request);
    expect(differences.map((difference) => difference.flag.id)).toEqual([FLAG.id]);
    expect(hidden).toEqual([{ flag_id: FLAG.id, key: 'checkout', segment_id: STAGING_TESTERS, cohort_name: 'Testers' }]);
    expect(cohortsNotVisible(hidden)).toEqual(expect.objectContaining({ status: 409, code: 'cohort_not_visible', extra: { rollout_groups: hidden } }));
    expect(cohortsNotVisible(hidden)).toBeInstanceOf(ConflictError);
    const { change, changes } = changeOf(differences[0], new Map([[STAGING_TESTERS, COPY]]));
    expect(change).toMatchObject({ id: FLAG.id, differs: ['enabled', 'segment_overrides'], before: { enabled: false }, after: { enabled: true } });
    expect(changes.segment_overrides).toEqual([group(SHARED, 1, 'project'), group(COPY, 2)]);
  });

  it('copies identity overrides only when asked: the target’s become the source’s', () => {
    const override = (environmentId: number, identifier: string, enabled: boolean) => ({ flagId: FLAG.id, environmentId, identifier, enabled, featureStateValue: null });
    const identityOverrides = [override(STAGING, 'ada', true), override(STAGING, 'bob', false), override(PRODUCTION, 'bob', false), override(PRODUCTION, 'eve', true)];
    const states = seen([], [[STAGING, FLAG.id, 2], [PRODUCTION, FLAG.id, 2]]);
    expect(differencesOf(states, request).differences).toEqual([]);
    const [difference] = differencesOf(states, { ...request, identityOverrides }).differences;
    expect(difference.identities).toEqual({ set: [identityOverrides[0]], remove: [identityOverrides[3]] });
    expect(changeOf(difference, new Map()).change.differs).toEqual(['identity_overrides_count']);
  });

  it('names a flag the two environments do not both see (400 naming it)', () => {
    const unknown = '00000000-0000-7000-8000-0000000000ff';
    expect(() => differencesOf(seen([]), { ...request, flagIds: [FLAG.id, unknown] })).toThrow(ValidationError);
    expect(() => differencesOf(seen([]), { ...request, flagIds: [FLAG.id, unknown] })).toThrow(expect.objectContaining({ attr: 'flag_ids.1' }));
  });
});
