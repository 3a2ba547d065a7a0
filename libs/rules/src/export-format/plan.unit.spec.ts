import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ExportFile, TargetProject } from '@strata/contracts/export';
import { DEFAULT_ENVIRONMENT_SETTINGS } from '@strata/contracts/projects';
import { IDENTITY_OVERRIDES_OFF, planImport, validateExportFile } from './index';

/** The plan of an import (SPEC §6): what would be created, updated, deleted or skipped, per section and name. */

function seedFile(): ExportFile {
  const result = validateExportFile(readFileSync(join(__dirname, 'fixtures', 'seed-example.json'), 'utf8'));
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  return result.file;
}

const empty: TargetProject = { tags: [], cohorts: [], flags: [], environments: [], states: [] };
const production = { id: 7, name: 'Production', settings: DEFAULT_ENVIRONMENT_SETTINGS };
const existing: TargetProject = {
  tags: [{ id: 't1', label: 'core' }],
  cohorts: [{ id: 'c1', name: 'beta_users' }],
  flags: [{ id: 'f1', key: 'MY_FEATURE', options: [{ id: 'o1', type: 'unicode', string_value: 'variant_a', default_percentage_allocation: 10 }, { id: 'o2', type: 'unicode', string_value: 'gone', default_percentage_allocation: 5 }] }],
  environments: [production, { ...production, id: 8 }],
  states: [{ environment_id: 7, flag_id: 'f1', segment_overrides: [{ cohort_id: 'c9', scope: 'environment' }], identity_overrides: ['old-user'] }],
};

describe('planning an import', () => {
  it("creates everything of the seed's example in an empty project, with the file's settings", () => {
    const plan = planImport(seedFile(), empty, { strategy: 'SKIP', includeIdentityOverrides: true });
    expect(plan.environments[0]).toMatchObject({ action: 'create', name: 'Production', settings: { minimum_change_request_approvals: 2, hide_disabled_flags: null } });
    expect(plan.result_summary).toMatchObject({
      tags: { created: 1 },
      segments: { created: 1 },
      features: { created: 1 },
      environments: { created: 2 },
      feature_states: { created: 1 },
      segment_overrides: { created: 1 },
      identity_overrides: { created: 1 },
    });
    expect(plan.feature_states[0]).toMatchObject({ environment: { index: 0 }, feature: { index: 0 }, segment_overrides: [{ segment: { index: 0 } }] });
    expect(JSON.parse(JSON.stringify(plan))).toEqual(plan);
  });

  it('SKIP changes nothing that exists: the feature, its id and its state stay; names differing in case match', () => {
    const plan = planImport(seedFile(), existing, { strategy: 'SKIP', includeIdentityOverrides: true });
    expect(plan.features).toEqual([{ action: 'skip', name: 'my_feature', index: 0, id: 'f1' }]);
    expect(plan.environments[0]).toMatchObject({ action: 'skip', id: 7 });
    expect(plan.feature_states[0]).toMatchObject({ action: 'skip', state: 0 });
    expect(plan.feature_states[0]).not.toHaveProperty('segment_overrides');
    expect(plan.result_summary.environments).toEqual({ created: 1, updated: 0, deleted: 0, skipped: 1 });
  });

  it('OVERWRITE_DESTRUCTIVE keeps ids, reuses options matching by value, zeroes the others, replaces rollout groups', () => {
    const plan = planImport(seedFile(), existing, { strategy: 'OVERWRITE_DESTRUCTIVE', includeIdentityOverrides: true });
    expect(plan.features[0]).toMatchObject({ action: 'update', id: 'f1', options: [{ index: 0, reuse: 'o1' }], zeroed_option_ids: ['o2'] });
    expect(plan.feature_states[0]).toMatchObject({ action: 'update', environment: { id: 7 }, segment_overrides: [{ segment: { id: 'c1' } }], identity_overrides: { set: [0], remove: ['old-user'] } });
    expect(plan.result_summary.segment_overrides).toEqual({ created: 1, updated: 0, deleted: 1, skipped: 0 });
    expect(plan.result_summary.identity_overrides).toEqual({ created: 1, updated: 0, deleted: 1, skipped: 0 });
  });

  it("leaves identity overrides untouched while the switch is off, and says how many of the file's were skipped and why", () => {
    const plan = planImport(seedFile(), existing, { strategy: 'OVERWRITE_DESTRUCTIVE', includeIdentityOverrides: false });
    expect(plan.feature_states[0]).not.toHaveProperty('identity_overrides');
    expect(plan.result_summary.identity_overrides).toEqual({ created: 0, updated: 0, deleted: 0, skipped: 1, skipped_because: IDENTITY_OVERRIDES_OFF });
    expect(IDENTITY_OVERRIDES_OFF).toContain('project_import_export_identity_overrides');
  });

  it('counts an environment the import created before it was applied as created, as the dry run did', () => {
    const dryRun = planImport(seedFile(), { ...existing, environments: [production] }, { strategy: 'OVERWRITE_DESTRUCTIVE', includeIdentityOverrides: false });
    const staging = { ...production, id: 9, name: 'Staging' };
    const applied = planImport(seedFile(), { ...existing, environments: [production, staging] }, {
      strategy: 'OVERWRITE_DESTRUCTIVE', includeIdentityOverrides: false, createdEnvironments: ['Staging'],
    });
    expect(dryRun.result_summary.environments).toEqual({ created: 1, updated: 1, deleted: 0, skipped: 0 });
    expect(applied.result_summary.environments).toEqual(dryRun.result_summary.environments);
    expect(applied.environments[1]).toMatchObject({ action: 'create', name: 'Staging', id: 9 });
  });

  it("matches a file's duplicate segments in turn with the target's, and creates the rest", () => {
    const file = seedFile();
    file.segments.push({ ...file.segments[0] });
    const plan = planImport(file, existing, { strategy: 'SKIP', includeIdentityOverrides: false });
    expect(plan.segments.map(({ action, id }) => [action, id])).toEqual([['skip', 'c1'], ['create', undefined]]);
  });
});
