import type { exportFormat } from '@strata/contracts';
import { EntitiesHarness } from '../testing/entities-harness';
import { importFile, type ProjectEnvironments } from '../testing/transfer-project';

/**
 * The size `bench/export` measures (5,000 features × 10 environments × 5 segment overrides) applied as one append.
 * The default run imports a tenth of the features; `TRANSFER_SCALE_FEATURES=5000` runs the whole size.
 */
const FEATURES = Number(process.env.TRANSFER_SCALE_FEATURES ?? 500);
const ENVIRONMENTS = 10;
const GROUPS = 5;

function largeFile(): exportFormat.ExportFile {
  const segments = Array.from({ length: GROUPS }, (_, s) => ({ name: `segment-${s}`, description: '', rules: [{ type: 'ALL' as const, rules: [], conditions: [{ property_: 'plan', operator: 'EQUAL' as const, value: `p${s}` }] }] }));
  const features = Array.from({ length: FEATURES }, (_, f) => ({
    name: `feature-${f}`, description: '', default_enabled: false, initial_value: null, is_server_key_only: false, tags: [],
    multivariate_options: [{ type: 'unicode' as const, string_value: 'a', default_percentage_allocation: 50 }],
  }));
  const environments = Array.from({ length: ENVIRONMENTS }, (_, e) => ({
    name: `env-${e}`,
    feature_states: features.map((feature) => ({ feature: feature.name, enabled: true, feature_state_value: { type: 'unicode' as const, string_value: 'on' }, multivariate_feature_state_values: [{ multivariate_feature_option: 0, percentage_allocation: 40 }] })),
    feature_segments: features.flatMap((feature) =>
      segments.map((segment, priority) => ({ feature: feature.name, segment: segment.name, priority, feature_state: { enabled: true, feature_state_value: null, multivariate_feature_state_values: [] } })),
    ),
  }));
  return { version: 1, exported_at: new Date().toISOString(), tags: [], segments, features, environments };
}

describe('entities transfer at scale', () => {
  const service = EntitiesHarness.forSpecs();

  it(`applies ${FEATURES} features × ${ENVIRONMENTS} environments × ${GROUPS} segment overrides in one append`, async () => {
    const projectId = 9_400_001;
    const project: ProjectEnvironments = { projectId, environments: Array.from({ length: ENVIRONMENTS }, (_, e) => ({ id: projectId * 100 + e, name: `env-${e}` })) };
    const started = Date.now();
    const applied = await importFile(service, project, largeFile(), { strategy: 'OVERWRITE_DESTRUCTIVE' }).catch((error: unknown) => {
      throw new Error(`${String(error)}\n${service.output().slice(-4).join('\n')}`);
    });
    console.info(`import of ${FEATURES}×${ENVIRONMENTS}×${GROUPS}: ${Date.now() - started} ms`);
    expect(applied.result_summary.feature_states.created).toBe(FEATURES * ENVIRONMENTS);
    const [row] = await service.db.query<{ n: string }>('SELECT count(*) AS n FROM flag_states WHERE project_id = $1', [projectId]);
    expect(Number(row.n)).toBe(FEATURES * ENVIRONMENTS);
  }, 600_000);
});
