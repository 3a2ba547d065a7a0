import { type EntityKind, ENTITY_KINDS, http } from '@strata/contracts/entities';
import { ValidationError } from '@strata/contracts';
import { validate } from '@strata/service-kit';
import type { Entity } from '../src/api/types';
import { newGroup } from '../src/entities/cohort-rules';
import { changesOf, createBodyOf, type Draft, draftOf, formBodyOf, refusalOf } from '../src/entities/entity-draft';

const INSIGHT = '0b6f1f8e-4a57-4c3e-9a39-2f1f0c5d7a11';
const OTHER_INSIGHT = '1c7a2b9d-5b68-4d4f-8b4a-3a2b1d6e8b22';
const FLAG = '6a0f3d2c-7e14-4b8e-8f52-1d9c4e2b3a77';

function entity(fields: Record<string, unknown>): Entity {
  return { id: 'e1', is_project_wide: false, environment_id: 1, project_id: 1, tags: [], version: 3, created_at: '', updated_at: '', ...fields };
}

const edited = (kind: EntityKind, base: Entity, change: (draft: Draft) => Partial<Draft>) => {
  const draft = draftOf(kind, base);
  return changesOf(kind, { ...draft, ...change(draft) }, base);
};

describe('an entity’s form: the same fields for creating and editing each kind', () => {
  it('creates each kind with its fields, references by id, and nothing empty', () => {
    const draft = (change: Partial<Draft>): Draft => ({ ...draftOf('dashboard'), name: 'Growth', ...change });
    expect(createBodyOf('dashboard', draft({ insights: [INSIGHT], tags: 'kpi, , team ' }))).toEqual({ name: 'Growth', tags: ['kpi', 'team'], tiles: [{ insight_id: INSIGHT }] });
    expect(createBodyOf('insight', draft({ cohorts: [INSIGHT] }))).toEqual({ name: 'Growth', tags: [], filters: { action_ids: [], cohort_ids: [INSIGHT] } });
    expect(createBodyOf('action', { ...draftOf('action'), name: 'Signed up', steps: [{ event: 'signup', url: '', matching: 'contains' }] })).toEqual({ name: 'Signed up', tags: [], steps: [{ event: 'signup' }] });
    expect(createBodyOf('feature_flag', { ...draftOf('feature_flag'), name: 'checkout', projectWide: true })).toEqual({
      key: 'checkout',
      tags: [],
      default_enabled: false,
      is_server_key_only: false,
      is_project_wide: true,
    });
    expect(createBodyOf('survey', draft({}))).toEqual({ name: 'Growth', tags: [], type: 'popover' });
    expect(createBodyOf('experiment', draft({ flag: FLAG }))).toEqual({ name: 'Growth', tags: [], feature_flag_id: FLAG });
    expect(createBodyOf('cohort', draft({ groups: [newGroup()] })).rules).toEqual([{ type: 'ALL', rules: [], conditions: [{ property_: '', operator: 'EQUAL', value: '' }] }]);
  });

  it('reads every kind’s entity into its form as it is, and an edit that touches nothing sends nothing', () => {
    const bodies: Record<EntityKind, Record<string, unknown>> = {
      dashboard: { name: 'Growth', tiles: [{ insight_id: INSIGHT, layout: { w: 6 } }] },
      insight: { name: 'Signups', description: 'Daily', filters: { action_ids: [], cohort_ids: [INSIGHT], interval: 'day' } },
      action: { name: 'Signed up', steps: [{ event: 'signup', properties: [{ key: 'plan' }] }, { url: '/pricing', url_matching: 'exact' }] },
      cohort: { name: 'Pro', rules: [{ type: 'ANY', rules: [{ type: 'NONE', rules: [], conditions: [] }], conditions: [{ property_: 'plan', operator: 'EQUAL', value: 'pro' }] }] },
      feature_flag: { key: 'checkout', name: 'One-page checkout', default_enabled: true, initial_value: 'blue', is_server_key_only: false },
      experiment: { name: 'Price test', feature_flag_id: FLAG, parameters: { goal: 'buy' } },
      early_access_feature: { name: 'Beta', feature_flag_id: FLAG, stage: 'beta' },
      survey: { name: 'NPS', type: 'widget', linked_flag_id: FLAG, questions: [{ text: 'Why?' }] },
      session_recording_playlist: { name: 'Errors', filters: { action_ids: [], cohort_ids: [] } },
    };
    const none = (value: unknown) => value === undefined || value === null || value === '' || (Array.isArray(value) && value.length === 0);
    for (const kind of ENTITY_KINDS) {
      const read = entity({ tags: ['kpi'], ...bodies[kind] });
      const shown = Object.entries(formBodyOf(kind, draftOf(kind, read), read)).filter(([field, value]) => !(none(value) && none(read[field])));
      expect([kind, Object.fromEntries(shown)]).toEqual([kind, Object.fromEntries(shown.map(([field]) => [field, read[field]]))]);
      expect([kind, edited(kind, read, () => ({}))]).toEqual([kind, {}]);
    }
  });

  it('sends only what changed, keeping what no field shows (a tile’s layout, an insight’s other filters)', () => {
    const dashboard = entity({ name: 'Growth', tiles: [{ insight_id: INSIGHT, layout: { w: 6 } }] });
    expect(edited('dashboard', dashboard, (draft) => ({ insights: [...draft.insights, OTHER_INSIGHT] }))).toEqual({
      tiles: [{ insight_id: INSIGHT, layout: { w: 6 } }, { insight_id: OTHER_INSIGHT }],
    });
    const insight = entity({ name: 'Signups', filters: { action_ids: [], cohort_ids: [], interval: 'day' } });
    expect(edited('insight', insight, () => ({ cohorts: [INSIGHT] }))).toEqual({ filters: { action_ids: [], cohort_ids: [INSIGHT], interval: 'day' } });
    expect(edited('action', entity({ name: 'A', steps: [{ event: 'signup', properties: [{ key: 'plan' }] }] }), () => ({ name: 'B' }))).toEqual({ name: 'B' });
  });

  it('clears a field by sending its "none": an empty description, no linked flag, no initial value', () => {
    expect(edited('survey', entity({ name: 'NPS', description: 'Old', linked_flag_id: FLAG }), () => ({ description: '', flag: '' }))).toEqual({ description: '', linked_flag_id: null });
    expect(edited('feature_flag', entity({ key: 'checkout', name: 'Checkout', initial_value: 'blue' }), () => ({ initialValue: '', flagName: '' }))).toEqual({ name: '', initial_value: null });
  });

  it('never offers an edit the scope change it cannot make: a flag is made project-wide only when created', () => {
    expect(edited('feature_flag', entity({ key: 'checkout' }), () => ({ projectWide: true }))).toEqual({});
  });
});

describe('an entity’s form is checked in the browser as the API checks it', () => {
  const apiRefusal = (kind: EntityKind, body: Record<string, unknown>, mode: 'create' | 'edit') => {
    try {
      validate(mode === 'create' ? http.createEntity[kind] : http.updateEntity[kind], body);
      return undefined;
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      return { detail: error.detail, attr: error.attr, errors: error.extra.errors };
    }
  };
  const rules = (conditions: Record<string, unknown>[]) => [{ type: 'ALL', conditions: [], rules: [{ type: 'ANY', rules: [], conditions }] }];
  const cases: [string, EntityKind, Record<string, unknown>, 'create' | 'edit'][] = [
    ['a percentage over 100', 'cohort', { name: 'Half', rules: rules([{ property_: 'plan', operator: 'EQUAL', value: 'pro' }, { property_: '', operator: 'PERCENTAGE_SPLIT', value: '150' }]) }, 'create'],
    ['a regular expression that does not compile', 'cohort', { rules: rules([{ property_: 'email', operator: 'REGEX', value: '(' }]) }, 'edit'],
    ['a condition without its property, and a cohort named by no id', 'cohort', { rules: rules([{ property_: '', operator: 'EQUAL', value: 'x' }, { property_: '', operator: 'IN_COHORT', value: '' }]) }, 'edit'],
    ['a blank name', 'dashboard', { name: '  ', tags: [] }, 'create'],
    ['an experiment without its flag', 'experiment', { name: 'Test', tags: [] }, 'create'],
    ['a good cohort', 'cohort', { name: 'Fine', rules: rules([{ property_: 'version', operator: 'GREATER_THAN', value: '1.2.0:semver' }]) }, 'create'],
  ];

  it.each(cases)('decides %s as the gateway does, each problem at the field the API names', (_what, kind, body, mode) => {
    const refusal = refusalOf(kind, body, mode);
    expect(refusal === undefined).toBe(kind === 'cohort' && body.name === 'Fine');
    expect(refusal && { detail: refusal.detail, attr: refusal.attr, errors: refusal.errors }).toEqual(apiRefusal(kind, body, mode));
  });

  it('names a refused value where the rule builder shows it', () => {
    const body = cases[0][2];
    expect(refusalOf('cohort', body, 'create')?.attr).toBe('rules.0.rules.0.conditions.1.value');
    expect(refusalOf('cohort', body, 'create')?.detail).toBe('PERCENTAGE_SPLIT takes a number from 0 to 100.');
  });
});
