import type { entities } from '@strata/contracts';

/**
 * A flag's state in an environment that never set one: its definition's defaults — `default_enabled`, the
 * `initial_value` as a text value, each variant at its default allocation, and no rollout groups.
 */
export function flagDefaults(definition: Partial<entities.KindFields<'feature_flag'>>): entities.FlagStateSnapshot {
  const { default_enabled: enabled, initial_value: initial, multivariate_options: options } = definition;
  return {
    enabled: enabled ?? false,
    featureStateValue: initial === undefined || initial === null ? null : { type: 'unicode', string_value: initial },
    multivariateValues: (options ?? []).map((option, index) => ({ multivariate_feature_option: index, percentage_allocation: option.default_percentage_allocation })),
    segmentOverrides: [],
  };
}
