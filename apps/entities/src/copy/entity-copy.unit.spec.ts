import { ConflictError, type entities } from '@strata/contracts';
import { referencesOf } from '@strata/rules';
import type { EntityRow } from '../entities/entities.queries';
import { matchKey, planEntityCopy, type CopySource, type CopyTarget, type SourceState } from './entity-copy';

const SOURCE_ENV = { projectId: 10, environmentId: 11 };
const OTHER_PROJECT = { projectId: 20, environmentId: 21 };
const SIBLING = { projectId: 10, environmentId: 12 };
const AT = '2026-12-07T06:00:00.000Z';

let counter = 0;
const uuid = () => `00000000-0000-7000-8000-${String(++counter).padStart(12, '0')}`;

function row(kind: entities.EntityKind, fields: Record<string, unknown>, environmentId: number | null = SOURCE_ENV.environmentId, tags: string[] = []): EntityRow {
  const at = new Date(AT);
  return { id: uuid(), kind, project_id: String(SOURCE_ENV.projectId), environment_id: environmentId === null ? null : String(environmentId), fields, tags, version: 3, created_at: at, updated_at: at };
}

function sourceOf(rows: EntityRow[], states: [string, SourceState][] = []): CopySource {
  return { nodes: new Map(rows.map((r) => [r.id, { row: r, references: referencesOf(r.kind, r.fields) }])), states: new Map(states) };
}

function targetOf(scope: entities.EnvironmentScope, seen: [EntityRow, number | null][] = [], flagKeys: [string, string][] = []): CopyTarget {
  const visible = new Map(seen.map(([r, environmentId]) => [matchKey(r.kind, String(r.fields.name ?? r.fields.key)), { id: r.id, environmentId }]));
  return { scope, sameProject: scope.projectId === SOURCE_ENV.projectId, visible, flagKeys: new Map(flagKeys) };
}

/** The chain of the issue: dashboard → insight → cohort → action, all of the source environment's own. */
function chain() {
  const action = row('action', { name: 'Signed up', steps: [{ event: 'signup' }] });
  const cohort = row('cohort', { name: 'Activated', rules: [{ type: 'ALL', rules: [], conditions: [{ property_: '', operator: 'PERFORMED_ACTION', value: action.id }] }] });
  const insight = row('insight', { name: 'Activation', filters: { cohort_ids: [cohort.id] } });
  const dashboard = row('dashboard', { name: 'Growth', tiles: [{ insight_id: insight.id }] }, SOURCE_ENV.environmentId, ['growth']);
  return { action, cohort, insight, dashboard, source: sourceOf([dashboard, insight, cohort, action]) };
}

describe('copying an entity with what it references (SPEC §11)', () => {
  it('copies the whole chain into another project under new ids, each body naming the copies', () => {
    const { action, cohort, insight, dashboard, source } = chain();
    const plan = planEntityCopy([dashboard.id], source, targetOf(OTHER_PROJECT), 'copy', AT, uuid);
    expect(plan.linked).toEqual([]);
    expect(plan.created.map(({ from }) => from.id)).toEqual([dashboard.id, insight.id, cohort.id, action.id]);
    const copy = (id: string) => plan.created.find(({ from }) => from.id === id)!.entity;
    for (const { entity, from } of plan.created) {
      expect(entity).toMatchObject({ projectId: OTHER_PROJECT.projectId, environmentId: OTHER_PROJECT.environmentId, kind: from.kind, tags: from.tags });
      expect(entity.id).not.toBe(from.id);
    }
    expect(copy(dashboard.id).references).toEqual([{ kind: 'insight', id: copy(insight.id).id, field: 'tiles.0.insight_id' }]);
    expect(copy(insight.id).references).toEqual([{ kind: 'cohort', id: copy(cohort.id).id, field: 'filters.cohort_ids.0' }]);
    expect(copy(cohort.id).references).toEqual([{ kind: 'action', id: copy(action.id).id, field: 'rules' }]);
  });

  it('links to the target’s entity of the same kind and name, and follows nothing behind it', () => {
    const { cohort, insight, dashboard, source } = chain();
    const theirs = row('cohort', { name: 'Activated', rules: [] }, null);
    const sameNameOtherKind = row('action', { name: 'Activation' }, OTHER_PROJECT.environmentId);
    const plan = planEntityCopy([dashboard.id], source, targetOf(OTHER_PROJECT, [[theirs, null], [sameNameOtherKind, OTHER_PROJECT.environmentId]]), 'link', AT, uuid);
    expect(plan.linked).toEqual([{ kind: 'cohort', from_id: cohort.id, id: theirs.id, environmentId: null }]);
    expect(plan.created.map(({ from }) => from.id)).toEqual([dashboard.id, insight.id]);
    expect(plan.created[1].entity.fields).toEqual({ name: 'Activation', filters: { cohort_ids: [theirs.id] } });
  });

  it('copies the root even where the target has one of its name, and uses the project’s project-wide entities as they are in the same project', () => {
    const shared = row('cohort', { name: 'Everyone', rules: [] }, null);
    const insight = row('insight', { name: 'Reach', filters: { cohort_ids: [shared.id] } });
    const theirs = row('insight', { name: 'Reach' }, SIBLING.environmentId);
    for (const mode of ['copy', 'link'] as const) {
      const plan = planEntityCopy([insight.id], sourceOf([insight, shared]), targetOf(SIBLING, [[theirs, SIBLING.environmentId]]), mode, AT, uuid);
      expect(plan.linked).toEqual([{ kind: 'cohort', from_id: shared.id, id: shared.id, environmentId: null }]);
      expect(plan.created.map(({ from }) => from.id)).toEqual([insight.id]);
      expect(plan.created[0].entity.fields).toEqual(insight.fields);
    }
  });

  it('refuses (409 duplicate_key) a copied flag whose key the target project has, in any case', () => {
    const flag = row('feature_flag', { key: 'Checkout' });
    const experiment = row('experiment', { name: 'Checkout test', feature_flag_id: flag.id });
    const attempt = (mode: entities.CopyDependencies) => planEntityCopy([experiment.id], sourceOf([experiment, flag]), targetOf(OTHER_PROJECT, [], [['checkout', uuid()]]), mode, AT, uuid);
    expect(() => attempt('copy')).toThrow(ConflictError);
    expect(() => attempt('copy')).toThrow(expect.objectContaining({ code: 'duplicate_key', extra: { keys: ['Checkout'] } }));
    const linkedFlag = row('feature_flag', { key: 'checkout' }, null);
    const plan = planEntityCopy([experiment.id], sourceOf([experiment, flag]), targetOf(OTHER_PROJECT, [[linkedFlag, null]], [['checkout', linkedFlag.id]]), 'link', AT, uuid);
    expect(plan.linked).toEqual([{ kind: 'feature_flag', from_id: flag.id, id: linkedFlag.id, environmentId: null }]);
  });

  it('brings a copied flag’s state along, every rollout group the target environment’s own, on the copies of their cohorts', () => {
    const own = row('cohort', { name: 'Testers', rules: [] });
    const shared = row('cohort', { name: 'Pro', rules: [] }, null);
    const flag = row('feature_flag', { key: 'new-checkout', multivariate_options: [{ type: 'unicode', string_value: 'a', default_percentage_allocation: 10 }] });
    const value = { type: 'unicode' as const, string_value: 'on' };
    const state: SourceState = {
      state: { enabled: true, featureStateValue: value, multivariateValues: [{ multivariate_feature_option: 0, percentage_allocation: 30 }], segmentOverrides: [{ segment_id: own.id, priority: 2, scope: 'environment', enabled: true }] },
      projectGroups: [{ segment_id: shared.id, priority: 1, scope: 'project', enabled: false }],
    };
    const plan = planEntityCopy([flag.id], sourceOf([flag, own, shared], [[flag.id, state]]), targetOf(OTHER_PROJECT), 'copy', AT, uuid);
    const id = (from: EntityRow) => plan.ids.get(from.id)!;
    expect(plan.created.map(({ from }) => from.id)).toEqual([flag.id, own.id, shared.id]);
    expect(plan.states).toEqual([
      {
        flagId: id(flag),
        fields: flag.fields,
        changes: {
          enabled: true,
          feature_state_value: value,
          multivariate_feature_state_values: [{ multivariate_feature_option: 0, percentage_allocation: 30 }],
          segment_overrides: [
            { segment_id: id(own), priority: 2, scope: 'environment', enabled: true },
            { segment_id: id(shared), priority: 1, scope: 'environment', enabled: false },
          ],
        },
        cohorts: new Map([[id(own), OTHER_PROJECT.environmentId], [id(shared), OTHER_PROJECT.environmentId]]),
      },
    ]);
  });
});
