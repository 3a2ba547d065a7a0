import { ValidationError, type entities } from '@strata/contracts';
import { flagDefaults } from '@strata/rules';
import { DeciderSpec } from '@strata/testing';
import { flagStateDecider, projectRolloutDecider, type CohortScopes, type FlagSeen, type FlagStateCommand } from './flag-state';

const FLAG = '0190a000-0000-7000-8000-000000000001';
const SHARED_COHORT = '0190a000-0000-7000-8000-0000000000c1';
const STAGING_COHORT = '0190a000-0000-7000-8000-0000000000c2';
const PRODUCTION_COHORT = '0190a000-0000-7000-8000-0000000000c3';
const STAGING = 11;
const PROJECT = 7;

const definition = {
  key: 'checkout',
  default_enabled: true,
  initial_value: 'blue',
  multivariate_options: [
    { type: 'unicode' as const, string_value: 'a', default_percentage_allocation: 30 },
    { type: 'unicode' as const, string_value: 'b', default_percentage_allocation: 20 },
  ],
};
const defaults = flagDefaults(definition);
const flag: FlagSeen = { flagId: FLAG, projectId: PROJECT, environmentId: STAGING, defaults, optionCount: 2 };
const cohorts: CohortScopes = new Map([[SHARED_COHORT, null], [STAGING_COHORT, STAGING], [PRODUCTION_COHORT, 12]]);

const update = (changes: entities.FlagStateChanges): FlagStateCommand => ({ type: 'UpdateFlagState', data: { flag, changes, cohorts } });
const group = (segment: string, priority: number, scope: 'environment' | 'project'): entities.SegmentOverride => ({ segment_id: segment, priority, scope, enabled: true });
const stored = (override: entities.SegmentOverride) => ({ ...override, feature_state_value: null, multivariate_feature_state_values: [] });
const changed = (state: entities.FlagStateSnapshot): entities.FlagStateChanged => ({ type: 'FlagStateChanged', data: { flagId: FLAG, projectId: PROJECT, environmentId: STAGING, state } });

const spec = DeciderSpec.for(flagStateDecider);

describe('a flag’s state in one environment', () => {
  it('changes what is sent over the defaults the first time', () => {
    spec.given([]).when(update({ enabled: false })).then([changed({ ...defaults, enabled: false })]);
  });

  it('is set once edited, even to the defaults, so it stops following the definition', () => {
    spec.given([]).when(update({ enabled: true })).then([changed(defaults)]);
  });

  it('decides nothing when an edit changes nothing', () => {
    spec.given([changed({ ...defaults, enabled: false })]).when(update({ enabled: false })).thenNothingHappens();
  });

  it('keeps the environment’s own groups; the project’s go to the project’s stream', () => {
    const groups = [group(STAGING_COHORT, 1, 'environment'), group(SHARED_COHORT, 2, 'project')];
    spec.given([]).when(update({ segment_overrides: groups })).then([changed({ ...defaults, segmentOverrides: [stored(groups[0])] })]);
  });

  it('refuses a multivariate option the flag does not have, naming the path', () => {
    const values = [{ multivariate_feature_option: 2, percentage_allocation: 10 }];
    expect(refusal(update({ multivariate_feature_state_values: values }))).toMatchObject({ attr: 'multivariate_feature_state_values.0.multivariate_feature_option' });
    const inGroup = { ...group(SHARED_COHORT, 1, 'project'), multivariate_feature_state_values: [{ multivariate_feature_option: 0, percentage_allocation: 5 }, ...values] };
    expect(refusal(update({ segment_overrides: [inGroup] }))).toMatchObject({ attr: 'segment_overrides.0.multivariate_feature_state_values.1.multivariate_feature_option' });
  });

  it('refuses a cohort the environment does not see, and an unknown one, alike', () => {
    expect(refusal(update({ segment_overrides: [group(PRODUCTION_COHORT, 1, 'environment')] }))).toMatchObject({ attr: 'segment_overrides.0.segment_id', code: 'invalid_reference' });
    const unknown = '0190a000-0000-7000-8000-0000000000ff';
    expect(refusal(update({ segment_overrides: [group(SHARED_COHORT, 1, 'project'), group(unknown, 2, 'environment')] }))).toMatchObject({ attr: 'segment_overrides.1.segment_id' });
  });

  it('lets a project group use only project-wide cohorts, an environment group also the environment’s own', () => {
    expect(refusal(update({ segment_overrides: [group(STAGING_COHORT, 1, 'project')] }))).toMatchObject({ attr: 'segment_overrides.0.segment_id', code: 'invalid_reference' });
    spec.given([]).when(update({ segment_overrides: [group(STAGING_COHORT, 1, 'environment'), group(SHARED_COHORT, 2, 'environment')] })).then([
      changed({ ...defaults, segmentOverrides: [stored(group(STAGING_COHORT, 1, 'environment')), stored(group(SHARED_COHORT, 2, 'environment'))] }),
    ]);
  });

  it('wants priorities unique across both scopes, and one group per cohort', () => {
    const samePriority = [group(STAGING_COHORT, 3, 'environment'), group(SHARED_COHORT, 3, 'project')];
    expect(refusal(update({ segment_overrides: samePriority }))).toMatchObject({ attr: 'segment_overrides.1.priority' });
    const sameCohort = [group(SHARED_COHORT, 1, 'environment'), group(SHARED_COHORT, 2, 'project')];
    expect(refusal(update({ segment_overrides: sameCohort }))).toMatchObject({ attr: 'segment_overrides.1.segment_id' });
  });
});

describe('a flag’s project rollout groups', () => {
  const rollout = DeciderSpec.for(projectRolloutDecider);
  const replace = (segmentOverrides: entities.SegmentOverride[]) => ({ type: 'ReplaceProjectGroups' as const, data: { flagId: FLAG, projectId: PROJECT, segmentOverrides } });
  const replaced = (segmentOverrides: entities.SegmentOverride[]): entities.ProjectRolloutGroupsChanged => ({
    type: 'ProjectRolloutGroupsChanged',
    data: { flagId: FLAG, projectId: PROJECT, segmentOverrides },
  });

  it('are replaced by the groups of scope project in the list as sent', () => {
    rollout.given([]).when(replace([group(STAGING_COHORT, 1, 'environment'), group(SHARED_COHORT, 2, 'project')])).then([replaced([stored(group(SHARED_COHORT, 2, 'project'))])]);
  });

  it('are emptied by a list without any', () => {
    rollout.given([replaced([stored(group(SHARED_COHORT, 2, 'project'))])]).when(replace([group(STAGING_COHORT, 1, 'environment')])).then([replaced([])]);
  });

  it('decide nothing when the same groups are sent again', () => {
    rollout.given([replaced([stored(group(SHARED_COHORT, 2, 'project'))])]).when(replace([group(SHARED_COHORT, 2, 'project')])).thenNothingHappens();
  });
});

function refusal(command: FlagStateCommand): ValidationError | undefined {
  try {
    flagStateDecider.decide(command, flagStateDecider.initialState());
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    return error as ValidationError;
  }
  return undefined;
}
