import { flagDefaults } from './flag-defaults';

describe('a flag state never set', () => {
  it('takes default_enabled, the initial value as text and each variant at its default allocation', () => {
    const defaults = flagDefaults({
      key: 'checkout',
      default_enabled: true,
      initial_value: 'blue',
      multivariate_options: [
        { type: 'unicode', string_value: 'a', default_percentage_allocation: 30 },
        { type: 'unicode', string_value: 'b', default_percentage_allocation: 70 },
      ],
    });
    expect(defaults).toEqual({
      enabled: true,
      featureStateValue: { type: 'unicode', string_value: 'blue' },
      multivariateValues: [
        { multivariate_feature_option: 0, percentage_allocation: 30 },
        { multivariate_feature_option: 1, percentage_allocation: 70 },
      ],
      segmentOverrides: [],
    });
  });
});
