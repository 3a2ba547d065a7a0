import { validateExportFile } from './index';

/** Validation is linear: a 5,000-feature × 10-environment file validates (its time is measured in bench/, not here). */
it('validates a 5,000-feature, 10-environment file', () => {
  const features = Array.from({ length: 5_000 }, (_, index) => ({
    name: `feature-${index}`,
    multivariate_options: [{ type: 'unicode', string_value: 'a', default_percentage_allocation: 50 }],
  }));
  const state = { enabled: true, feature_state_value: { type: 'unicode', string_value: 'v' }, multivariate_feature_state_values: [{ multivariate_feature_option: 0, percentage_allocation: 50 }] };
  const environments = Array.from({ length: 10 }, (_, index) => ({
    name: `environment-${index}`,
    feature_states: features.map(({ name }) => ({ feature: name, ...state })),
    feature_segments: [],
  }));
  const text = JSON.stringify({ version: 1, exported_at: '2026-04-02T18:00:00Z', tags: [], segments: [], features, environments });
  const result = validateExportFile(text, { maxBytes: 100 * 1024 * 1024 });
  expect(result.ok && result.file.environments[9].feature_states).toHaveLength(5_000);
});
