import type { exportFormat } from '@strata/contracts';

export interface Shape {
  features: number;
  environments: number;
  /** Segment overrides of each feature in each environment (and segments in the file). */
  groups: number;
}

/**
 * An export file (version 1) of `shape`: every feature a two-option multivariate flag with a tag, set in every
 * environment with `groups` segment overrides each — the shape SPEC §8 measures (5,000 × 10 × 5 is ~51 MB).
 */
export function projectFile(shape: Shape): exportFormat.ExportFile {
  const tags = ['bench', 'billing', 'growth'].map((label) => ({ label, color: '#3d4db6', description: `${label} flags`, is_permanent: false }));
  const segments = Array.from({ length: shape.groups }, (_, s) => ({
    name: `segment-${s}`,
    description: `Customers on plan ${s}`,
    rules: [{ type: 'ALL' as const, rules: [{ type: 'ANY' as const, rules: [], conditions: [{ property_: 'plan', operator: 'EQUAL' as const, value: `plan-${s}` }] }], conditions: [] }],
  }));
  const features = Array.from({ length: shape.features }, (_, f) => ({
    name: `feature-${f}`,
    description: `Benchmark feature ${f}`,
    default_enabled: f % 2 === 0,
    initial_value: null,
    is_server_key_only: false,
    tags: [tags[f % tags.length].label],
    multivariate_options: [
      { type: 'unicode' as const, string_value: 'blue', default_percentage_allocation: 30 },
      { type: 'unicode' as const, string_value: 'green', default_percentage_allocation: 20 },
    ],
  }));
  const environments = Array.from({ length: shape.environments }, (_, e) => ({
    name: `env-${e}`,
    hide_disabled_flags: false,
    feature_states: features.map((feature, f) => ({
      feature: feature.name,
      enabled: (f + e) % 3 !== 0,
      feature_state_value: { type: 'unicode' as const, string_value: `value-${e}` },
      multivariate_feature_state_values: [
        { multivariate_feature_option: 0, percentage_allocation: 40 },
        { multivariate_feature_option: 1, percentage_allocation: 10 },
      ],
    })),
    feature_segments: features.flatMap((feature) =>
      segments.map((segment, priority) => ({
        feature: feature.name,
        segment: segment.name,
        priority,
        feature_state: { enabled: priority % 2 === 0, feature_state_value: null, multivariate_feature_state_values: [] },
      })),
    ),
  }));
  return { version: 1, exported_at: new Date().toISOString(), tags, segments, features, environments };
}
