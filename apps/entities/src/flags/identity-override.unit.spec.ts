import { NotFoundError, type entities } from '@strata/contracts';
import { DeciderSpec } from '@strata/testing';
import { identityOverrideDecider, type IdentitySeen } from './identity-override';

const identity: IdentitySeen = { flagId: '0190a000-0000-7000-8000-000000000001', projectId: 7, environmentId: 11, identifier: 'user-1' };
const blue: entities.FeatureStateValue = { type: 'unicode', string_value: 'blue' };
const set = (enabled: boolean, featureStateValue: entities.FeatureStateValue | null) => ({ type: 'SetIdentityOverride' as const, data: { identity, enabled, featureStateValue } });
const wasSet = (enabled: boolean, featureStateValue: entities.FeatureStateValue | null): entities.IdentityOverrideSet => ({
  type: 'IdentityOverrideSet',
  data: { ...identity, enabled, featureStateValue },
});
const removed: entities.IdentityOverrideRemoved = { type: 'IdentityOverrideRemoved', data: identity };
const remove = { type: 'RemoveIdentityOverride' as const, data: { identity } };

const spec = DeciderSpec.for(identityOverrideDecider);

describe('an identity’s override of a flag in one environment', () => {
  it('is set where there was none', () => {
    spec.given([]).when(set(true, blue)).then([wasSet(true, blue)]);
  });

  it('is replaced by a set that changes it (an upsert)', () => {
    spec.given([wasSet(true, blue)]).when(set(false, null)).then([wasSet(false, null)]);
  });

  it('decides nothing when set to what it is', () => {
    spec.given([wasSet(true, { string_value: 'blue', type: 'unicode' })]).when(set(true, blue)).thenNothingHappens();
  });

  it('is removed', () => {
    spec.given([wasSet(true, blue)]).when(remove).then([removed]);
  });

  it('cannot be removed when absent, or removed twice (404)', () => {
    spec.given([]).when(remove).thenThrows(NotFoundError);
    spec.given([wasSet(true, blue), removed]).when(remove).thenThrows(NotFoundError);
  });
});
