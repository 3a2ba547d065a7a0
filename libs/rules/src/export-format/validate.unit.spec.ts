import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ExportProblem } from '@strata/contracts/export';
import { actionNamesUsed, validatedEnvironments, validateExportFile } from './index';

/**
 * The import validator (SPEC §6): a file is refused before any job with every problem and its JSON path; a good file
 * comes back as the normalised `ExportFile` the planner reads.
 */

const seedText = readFileSync(join(__dirname, 'fixtures', 'seed-example.json'), 'utf8');
type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- test files are edited freely
const seed = (): Json => JSON.parse(seedText);

function problemsOf(input: unknown, maxBytes?: number): ExportProblem[] {
  const result = validateExportFile(input, { maxBytes });
  if (result.ok) throw new Error('accepted');
  return result.problems;
}

function refusedWith(edit: (file: Json) => void): ExportProblem[] {
  const file = seed();
  edit(file);
  return problemsOf(file);
}

const feature = (name: string, extra: Json = {}): Json => ({ name, default_enabled: false, is_server_key_only: false, initial_value: null, description: '', tags: [], multivariate_options: [], ...extra });
const state = (name: string, extra: Json = {}): Json => ({ feature: name, enabled: true, feature_state_value: null, multivariate_feature_state_values: [], ...extra });
const group = (featureName: string, segment: string, extra: Json = {}): Json => ({
  feature: featureName,
  segment,
  priority: 0,
  feature_state: { enabled: true, feature_state_value: null, multivariate_feature_state_values: [] },
  ...extra,
});
const inCohort = (value: string): Json[] => [{ type: 'ALL', rules: [], conditions: [{ property_: '', operator: 'IN_COHORT', value }] }];

describe('validating an export file', () => {
  it("accepts the seed's own example, as text, as bytes and parsed", () => {
    for (const input of [seedText, Buffer.from(seedText), seed()]) {
      const result = validateExportFile(input);
      expect(result.ok).toBe(true);
    }
    const result = validateExportFile(seedText);
    if (!result.ok) throw new Error('refused');
    expect(result.file.features[0]).toMatchObject({ name: 'my_feature', tags: ['core'], multivariate_options: [{ string_value: 'variant_a', default_percentage_allocation: 33.33 }] });
    expect(result.file.environments[0]).toMatchObject({ name: 'Production', minimum_change_request_approvals: 2, identity_overrides: [{ identifier: 'user123' }] });
    expect(result.file.environments[1]).not.toHaveProperty('identity_overrides');
  });

  it('refuses broken JSON with its line and column, and oversized text before parsing it', () => {
    expect(problemsOf('{\n  "version": 1,\n}')).toEqual([{ path: '', detail: expect.stringMatching(/^Not valid JSON at line 3, column 1/) }]);
    expect(problemsOf('{"version": 1')).toEqual([{ path: '', detail: expect.stringMatching(/^Not valid JSON/) }]);
    expect(problemsOf(seedText, 100)).toEqual([{ path: '', detail: `The file is ${Buffer.byteLength(seedText)} bytes; at most 100 are accepted.` }]);
    expect(problemsOf(Buffer.from([0x7b, 0xff, 0x7d]))).toEqual([{ path: '', detail: 'The file is not UTF-8 text.' }]);
  });

  it('knows only version 1, and only a JSON object', () => {
    expect(refusedWith((file) => (file.version = 2))).toEqual([{ path: 'version', detail: 'Only version 1 files can be imported; this one has 2.' }]);
    expect(problemsOf([])).toEqual([{ path: '', detail: 'An export file is a JSON object.' }]);
  });

  it('lists every problem of every element with its path, not just the first', () => {
    const problems = refusedWith((file) => {
      file.features.push(feature('second', { multivariate_options: [{ type: 'int', integer_value: 1, default_percentage_allocation: 101 }] }));
      file.features.push(feature('', { default_enabled: 'yes' }));
      file.environments[0].feature_states.push(state('my_feature', { enabled: 'on', surprise: 1 }));
      file.unknown_section = [];
    });
    expect(problems.map(({ path }) => path)).toEqual(
      expect.arrayContaining([
        'unknown_section',
        'features.1.multivariate_options.0.default_percentage_allocation',
        'features.2.name',
        'features.2.default_enabled',
        'environments.0.feature_states.1.enabled',
        'environments.0.feature_states.1.surprise',
      ]),
    );
  });

  it('holds values and allocations to the flag rules: a typed value needs its field, allocations add up to at most 100', () => {
    const problems = refusedWith((file) => {
      file.features[0].multivariate_options.push({ type: 'unicode', string_value: 'b', default_percentage_allocation: 70 });
      file.environments[0].feature_states[0].feature_state_value = { type: 'int', string_value: 'x' };
      file.environments[0].feature_segments[0].feature_state.multivariate_feature_state_values = [
        { multivariate_feature_option: 0, percentage_allocation: 60 },
        { multivariate_feature_option: 1, percentage_allocation: 50 },
      ];
    });
    expect(problems).toEqual(
      expect.arrayContaining([
        { path: 'features.0.multivariate_options', detail: 'Allocations add up to 103.33; at most 100.' },
        { path: 'environments.0.feature_states.0.feature_state_value.integer_value', detail: 'A int value needs integer_value.' },
        { path: 'environments.0.feature_segments.0.feature_state.multivariate_feature_state_values', detail: 'Allocations add up to 110; at most 100.' },
      ]),
    );
  });

  it('refuses a feature state or rollout group naming a missing feature, a missing segment, or an option out of range', () => {
    const problems = refusedWith((file) => {
      file.environments[0].feature_states.push(state('ghost'));
      file.environments[0].feature_states[0].multivariate_feature_state_values.push({ multivariate_feature_option: 1, percentage_allocation: 10 });
      file.environments[0].feature_segments.push(group('my_feature', 'nobody'));
      file.environments[1].feature_segments.push(group('ghost', 'beta_users'));
      file.environments[0].identity_overrides.push({ identifier: 'u', feature: 'ghost', enabled: true, feature_state_value: null });
    });
    expect(problems).toEqual([
      { path: 'environments.0.feature_states.0.multivariate_feature_state_values.1.multivariate_feature_option', detail: 'Feature "my_feature" has 1 multivariate option(s) (features.0.multivariate_options); index 1 is out of range.' },
      { path: 'environments.0.feature_states.1.feature', detail: 'No feature named "ghost" in the file.' },
      { path: 'environments.0.feature_segments.1.segment', detail: 'No segment named "nobody" in the file.' },
      { path: 'environments.0.identity_overrides.1.feature', detail: 'No feature named "ghost" in the file.' },
      { path: 'environments.1.feature_segments.0.feature', detail: 'No feature named "ghost" in the file.' },
    ]);
  });

  it('matches feature references case-insensitively, as flag keys, and refuses two features differing only in case', () => {
    expect(validateExportFile(Object.assign(seed(), {})).ok).toBe(true);
    const file = seed();
    file.environments[0].feature_states[0].feature = 'MY_FEATURE';
    expect(validateExportFile(file).ok).toBe(true);
    expect(refusedWith((edited) => edited.features.push(feature('My_Feature')))).toEqual([
      { path: 'features.1.name', detail: 'Feature names are unique in a project, in any case: "My_Feature" is also features.0.' },
    ]);
  });

  it('allows duplicate segments and tags (all are imported) but not two states of one feature in an environment', () => {
    const file = seed();
    file.segments.push({ ...file.segments[0] });
    file.tags.push({ ...file.tags[0] });
    expect(validateExportFile(file).ok).toBe(true);
    expect(refusedWith((edited) => edited.environments[0].feature_states.push(state('my_feature')))).toEqual([
      { path: 'environments.0.feature_states.1.feature', detail: 'This environment already has a state of "my_feature" (feature_states.0).' },
    ]);
  });

  it('refuses a tag label a feature uses that the file does not define', () => {
    expect(refusedWith((file) => file.features[0].tags.push('missing'))).toEqual([{ path: 'features.0.tags.1', detail: 'No tag labelled "missing" in the file\'s tags.' }]);
  });

  it('checks segment rules: operators, their values, IN_COHORT names and cycles', () => {
    const problems = refusedWith((file) => {
      file.segments[0].rules[0].conditions.push({ property_: 'x', operator: 'STARTS_WITH', value: 'a' });
      file.segments[0].rules[0].conditions.push({ property_: 'x', operator: 'MODULO', value: '3' });
      file.segments.push({ name: 'a', description: '', rules: inCohort('b') }, { name: 'b', description: '', rules: inCohort('a') });
      file.segments.push({ name: 'self', description: '', rules: inCohort('self') }, { name: 'dangling', description: '', rules: inCohort('nobody') });
    });
    expect(problems).toEqual([
      { path: 'segments.0.rules.0.conditions.1.operator', detail: expect.stringContaining('Invalid option') },
      { path: 'segments.0.rules.0.conditions.2.value', detail: 'MODULO takes "divisor|remainder": two numbers, the divisor not 0 (e.g. "3|0").' },
      { path: 'segments.4.rules.0.conditions.0.value', detail: 'No segment named "nobody" in the file.' },
      { path: 'segments.1.rules', detail: 'Segment "a" reaches itself through IN_COHORT (with "b").' },
      { path: 'segments.2.rules', detail: 'Segment "b" reaches itself through IN_COHORT (with "a").' },
      { path: 'segments.3.rules', detail: 'Segment "self" reaches itself through IN_COHORT.' },
    ]);
  });

  it('holds environment settings to their rules and refuses settings it does not know', () => {
    const problems = refusedWith((file) => {
      file.environments[0].banner_colour = 'red';
      file.environments[0].api_key = 'ser.abc';
      file.environments[1].name = '   ';
    });
    expect(problems).toEqual([
      { path: 'environments.0.banner_colour', detail: 'Must be a hex colour such as #ffcc00, or null.' },
      { path: 'environments.0.api_key', detail: 'Unknown field.' },
      { path: 'environments.1.name', detail: 'This field may not be blank.' },
    ]);
  });

  it('refuses text Postgres cannot store, wherever it is', () => {
    expect(refusedWith((file) => (file.segments[0].description = 'a\u0000b'))).toEqual([
      { path: 'segments.0.description', detail: 'Text Postgres cannot store (a NUL character or an unpaired surrogate).' },
    ]);
  });

  it('checks identity overrides: well-formed, one per identity and feature', () => {
    const problems = refusedWith((file) => {
      file.environments[0].identity_overrides.push({ identifier: 'user123', feature: 'my_feature', enabled: true, feature_state_value: null });
      file.environments[0].identity_overrides.push({ identifier: '', feature: 'my_feature', enabled: 1 });
    });
    expect(problems.map(({ path }) => path)).toEqual(['environments.0.identity_overrides.2.identifier', 'environments.0.identity_overrides.2.enabled', 'environments.0.identity_overrides.1.identifier']);
  });

  it("exposes the actions PERFORMED_ACTION names, which only the target can confirm", () => {
    const file = seed();
    file.segments[0].rules[0].conditions.push({ property_: '', operator: 'PERFORMED_ACTION', value: 'signed up' });
    file.segments.push({ name: 'again', rules: [{ type: 'ANY', rules: [], conditions: [{ operator: 'PERFORMED_ACTION', value: 'signed up' }] }] });
    const result = validateExportFile(file);
    if (!result.ok) throw new Error(JSON.stringify(result.problems));
    expect(actionNamesUsed(result.file)).toEqual(['signed up']);
  });

  it('gives a job the environments of a file validated before, as the full validation does, without their lists', () => {
    const full = validateExportFile(seedText);
    const environments = validatedEnvironments(seedText);
    if (!full.ok || !environments.ok) throw new Error('refused');
    const withoutLists = full.file.environments.map(({ identity_overrides: _overrides, ...environment }) => ({ ...environment, feature_states: [], feature_segments: [] }));
    expect(environments.file.environments).toEqual(withoutLists);
    expect(environments.file.features).toEqual([]);
    expect(validatedEnvironments('{"version": 2}').ok).toBe(false);
  });
});
