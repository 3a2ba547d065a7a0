import { flagDefaults } from './flag-defaults';

const definition = {
  key: 'checkout',
  default_enabled: true,
  initial_value: 'blue',
  multivariate_options: [
    { type: 'unicode' as const, string_value: 'a', default_percentage_allocation: 30 },
    { type: 'unicode' as const, string_value: 'b', default_percentage_allocation: 20 },
  ],
};

describe('a flag state never set', () => {
  it('starts from the definition: default_enabled, initial_value as a unicode value, the options’ default allocations by index', () => {
    expect(flagDefaults(definition)).toEqual({
      enabled: true,
      featureStateValue: { type: 'unicode', string_value: 'blue' },
      multivariateValues: [
        { multivariate_feature_option: 0, percentage_allocation: 30 },
        { multivariate_feature_option: 1, percentage_allocation: 20 },
      ],
      segmentOverrides: [],
    });
    expect(flagDefaults({ key: 'bare' })).toEqual({ enabled: false, featureStateValue: null, multivariateValues: [], segmentOverrides: [] });
  });
});
