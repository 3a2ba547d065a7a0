import { entities, type StrataError } from '@strata/contracts';
import { EntitiesHarness } from '../testing/entities-harness';

const S = entities.EntitiesSubjects;
const PROJECT = 7_201;
const STAGING = { projectId: PROJECT, environmentId: 7_201 };
const PRODUCTION = { projectId: PROJECT, environmentId: 7_202 };

type Scope = entities.EnvironmentScope;
const cohortFields = (name: string) => ({ name, rules: [{ type: 'ALL', rules: [], conditions: [{ property_: 'plan', operator: 'EQUAL', value: 'pro' }] }] });
const group = (segment_id: string, priority: number, scope: 'environment' | 'project') => ({ segment_id, priority, scope, enabled: true });

describe('flag state and identity overrides', () => {
  const service = EntitiesHarness.forSpecs();
  const ask = <S extends entities.EntitiesSubject>(subject: S, payload: entities.EntitiesRequest<S>) => service.ask(subject, payload);
  const refusal = (promise: Promise<unknown>) => promise.then(() => undefined, (error: StrataError) => error);
  const create = (scope: Scope, kind: entities.EntityKind, fields: Record<string, unknown>, isProjectWide = false) => service.create(scope, kind, fields, isProjectWide);
  const state = (scope: Scope, flagId: string) => ask(S.getFlagState, { in: scope, flagId });
  const patch = (scope: Scope, flagId: string, changes: Record<string, unknown>, ifMatch?: number) =>
    ask(S.updateFlagState, { in: scope, flagId, changes: changes as entities.FlagStateChanges, ifMatch });


  it('serves the definition’s defaults where no state was set, and keeps staging’s edits out of production', async () => {
    const options = [{ type: 'unicode', string_value: 'a', default_percentage_allocation: 40 }, { type: 'unicode', string_value: 'b', default_percentage_allocation: 10 }];
    const flag = await create(STAGING, 'feature_flag', { key: 'shared-checkout', default_enabled: true, initial_value: 'blue', multivariate_options: options }, true);

    const untouched = await state(PRODUCTION, flag.id);
    expect(untouched).toMatchObject({ version: 0, result: { enabled: true, feature_state_value: { type: 'unicode', string_value: 'blue' }, segment_overrides: [] } });
    expect(untouched.result.multivariate_feature_state_values).toEqual([{ multivariate_feature_option: 0, percentage_allocation: 40 }, { multivariate_feature_option: 1, percentage_allocation: 10 }]);

    const edited = await patch(STAGING, flag.id, { enabled: false, feature_state_value: { type: 'int', integer_value: 3 } });
    expect(edited).toMatchObject({ version: 1, result: { enabled: false, feature_state_value: { type: 'int', integer_value: 3 } } });
    expect(await state(PRODUCTION, flag.id)).toEqual(untouched);
    expect((await ask(S.get, { in: PRODUCTION, kind: 'feature_flag', id: flag.id })).result).toMatchObject({ key: 'shared-checkout', default_enabled: true });

    expect(await refusal(patch(STAGING, flag.id, { enabled: true }, 0))).toMatchObject({ status: 412 });
    expect(await refusal(patch(STAGING, flag.id, { multivariate_feature_state_values: [{ multivariate_feature_option: 2, percentage_allocation: 5 }] }))).toMatchObject({
      status: 400,
      attr: 'multivariate_feature_state_values.0.multivariate_feature_option',
    });
  });

  it('applies a project-scoped rollout group in every environment, beside each environment’s own, by priority', async () => {
    const shared = await create(STAGING, 'cohort', cohortFields('Pro users'), true);
    const own = await create(STAGING, 'cohort', cohortFields('Staging testers'));
    const flag = await create(STAGING, 'feature_flag', { key: 'rollout' }, true);
    const before = await state(PRODUCTION, flag.id);

    const edited = await patch(STAGING, flag.id, { segment_overrides: [group(own.id, 5, 'environment'), group(shared.id, 1, 'project')] });
    expect(edited.result.segment_overrides.map((g) => [g.segment_id, g.scope])).toEqual([[shared.id, 'project'], [own.id, 'environment']]);
    const production = await state(PRODUCTION, flag.id);
    expect(production.result.segment_overrides.map((g) => [g.segment_id, g.scope])).toEqual([[shared.id, 'project']]);
    expect(production.version).toBeGreaterThan(before.version);

    expect(await refusal(patch(STAGING, flag.id, { segment_overrides: [group(own.id, 1, 'project')] }))).toMatchObject({ status: 400, attr: 'segment_overrides.0.segment_id' });
    const stagingsOwn = await refusal(patch(PRODUCTION, flag.id, { segment_overrides: [group(shared.id, 1, 'project'), group(own.id, 2, 'environment')] }));
    expect(stagingsOwn).toMatchObject({ status: 400, attr: 'segment_overrides.1.segment_id' });
    const enterprise = await create(PRODUCTION, 'cohort', cohortFields('Enterprise'));
    const samePriority = await refusal(patch(PRODUCTION, flag.id, { segment_overrides: [group(shared.id, 1, 'project'), group(enterprise.id, 1, 'environment')] }));
    expect(samePriority).toMatchObject({ status: 400, attr: 'segment_overrides.1.priority' });
  });

  it('refuses to demote or delete a cohort another environment’s rollout group uses, until the flag goes', async () => {
    const cohort = await create(STAGING, 'cohort', cohortFields('Beta'), true);
    const flag = await create(STAGING, 'feature_flag', { key: 'beta-gate' }, true);
    await patch(PRODUCTION, flag.id, { segment_overrides: [group(cohort.id, 1, 'environment')] });

    const demotion = await refusal(ask(S.makeEnvironmentSpecific, { in: STAGING, kind: 'cohort', id: cohort.id }));
    expect(demotion).toMatchObject({ status: 409, code: 'in_use' });
    expect((demotion as StrataError).extra.dependents).toEqual([{ kind: 'feature_flag', id: flag.id }]);
    expect(await refusal(ask(S.delete, { in: STAGING, kind: 'cohort', id: cohort.id }))).toMatchObject({ status: 409, code: 'in_use' });

    await ask(S.delete, { in: STAGING, kind: 'feature_flag', id: flag.id });
    await ask(S.delete, { in: STAGING, kind: 'cohort', id: cohort.id });
    expect(await refusal(state(PRODUCTION, flag.id))).toMatchObject({ status: 404 });
  });

  it('refuses to demote a project-wide flag another environment has enabled', async () => {
    const flag = await create(STAGING, 'feature_flag', { key: 'prod-on' }, true);
    await patch(PRODUCTION, flag.id, { enabled: true });

    const demotion = await refusal(ask(S.makeEnvironmentSpecific, { in: STAGING, kind: 'feature_flag', id: flag.id }));
    expect(demotion).toMatchObject({ status: 409, code: 'in_use' });
    expect((demotion as StrataError).extra.dependents).toEqual([{ kind: 'environment', id: PRODUCTION.environmentId }]);

    await patch(PRODUCTION, flag.id, { enabled: false });
    await expect(ask(S.makeEnvironmentSpecific, { in: STAGING, kind: 'feature_flag', id: flag.id })).resolves.toMatchObject({ result: { environment_id: STAGING.environmentId } });
    expect(await refusal(state(PRODUCTION, flag.id))).toMatchObject({ status: 404 });
  });

  it('never lets a demotion and another environment’s enabling both succeed, raced in parallel', async () => {
    for (let round = 0; round < 8; round++) {
      const flag = await create(STAGING, 'feature_flag', { key: `raced-${round}` }, true);
      const [demoted, enabled] = await Promise.allSettled([
        ask(S.makeEnvironmentSpecific, { in: STAGING, kind: 'feature_flag', id: flag.id }),
        round % 2 === 0 ? patch(PRODUCTION, flag.id, { enabled: true }) : ask(S.setIdentityOverride, { in: PRODUCTION, flagId: flag.id, identifier: 'ada', enabled: true }),
      ]);
      expect([demoted.status, enabled.status]).not.toEqual(['fulfilled', 'fulfilled']);
    }
  });

  it('keeps identity overrides per environment: set is an upsert, removing an absent one is 404', async () => {
    const flag = await create(STAGING, 'feature_flag', { key: 'per-identity' }, true);
    const value = { type: 'unicode' as const, string_value: 'gold' };
    await ask(S.setIdentityOverride, { in: STAGING, flagId: flag.id, identifier: 'ada', enabled: true });
    await expect(ask(S.setIdentityOverride, { in: STAGING, flagId: flag.id, identifier: 'ada', enabled: false, featureStateValue: value })).resolves.toEqual({
      identifier: 'ada',
      enabled: false,
      feature_state_value: value,
    });

    const page = { limit: 100, offset: 0 };
    const overrides = async (scope: entities.EnvironmentScope) => {
      const { count, results } = await ask(S.listIdentityOverrides, { in: scope, flagId: flag.id, page });
      return { count, results: results.parse() };
    };
    expect(await overrides(STAGING)).toEqual({ count: 1, results: [{ identifier: 'ada', enabled: false, feature_state_value: value }] });
    expect(await overrides(PRODUCTION)).toEqual({ count: 0, results: [] });
    expect(await refusal(ask(S.removeIdentityOverride, { in: PRODUCTION, flagId: flag.id, identifier: 'ada' }))).toMatchObject({ status: 404 });
    const demotion = await refusal(ask(S.makeEnvironmentSpecific, { in: PRODUCTION, kind: 'feature_flag', id: flag.id }));
    expect((demotion as StrataError).extra.dependents).toEqual([{ kind: 'environment', id: STAGING.environmentId }]);

    await ask(S.removeIdentityOverride, { in: STAGING, flagId: flag.id, identifier: 'ada' });
    expect(await overrides(STAGING)).toEqual({ count: 0, results: [] });
  });
});
