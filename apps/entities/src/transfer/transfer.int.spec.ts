import { entities, type StrataError } from '@strata/contracts';
import { EntitiesHarness } from '../testing/entities-harness';
import { comparable, exportProject, importFile, richProject, type ProjectEnvironments } from '../testing/transfer-project';

const S = entities.EntitiesSubjects;

/** SPEC §6 through the running entities service: export pages, staged imports applied in one atomic append. */
describe('entities transfer: export and import of a project', () => {
  const service = EntitiesHarness.forSpecs();
  let nextProject = 9_300_000;
  const refusal = (promise: Promise<unknown>) => promise.then(() => undefined, (error: StrataError) => error);

  /** A fresh project with two environments, Production first. */
  function project(): ProjectEnvironments {
    const projectId = ++nextProject;
    return { projectId, environments: [{ id: projectId * 10 + 1, name: 'Production' }, { id: projectId * 10 + 2, name: 'Staging' }] };
  }

  async function withAction(target: ProjectEnvironments): Promise<ProjectEnvironments> {
    await service.create({ projectId: target.projectId, environmentId: target.environments[0].id }, 'action', { name: 'Checkout' }, true);
    return target;
  }

  const flagsOf = async (target: ProjectEnvironments) =>
    (await service.ask(S.listProjectWide, { projectId: target.projectId, kind: 'feature_flag', page: { limit: 100, offset: 0 } })).results.parse() as entities.Entity<'feature_flag'>[];
  const eventCount = async () => Number((await service.db.query<{ n: string }>('SELECT count(*) AS n FROM events'))[0].n);

  it('round trip: export → import into an empty project → export gives the same file, identity overrides included', async () => {
    const source = project();
    await richProject(service, source);
    const file = await exportProject(service, source, true);
    expect(file.features.map((feature) => feature.name)).toEqual(['checkout_v2', 'beta_banner', 'plain']);
    expect(file.features[1]).toMatchObject({ environment: 'Staging' });
    expect(file.segments.map((segment) => segment.name)).toEqual(['buyers', 'loyal', 'staff']);
    expect(file.segments[1].rules[0].conditions[0]).toMatchObject({ operator: 'IN_COHORT', value: 'buyers' });
    expect(file.segments[0].rules[0].conditions[0]).toMatchObject({ operator: 'PERFORMED_ACTION', value: 'Checkout' });
    expect(file.environments[0].feature_segments.filter((group) => group.scope === 'project')).toHaveLength(1);
    expect(file.environments[1].feature_segments.filter((group) => group.scope === 'project')).toHaveLength(0);
    expect(file.environments[0].feature_states.find((state) => state.feature === 'plain')).toEqual({ feature: 'plain', enabled: false, feature_state_value: null, multivariate_feature_state_values: [] });
    expect(file.environments[0].identity_overrides?.map((override) => override.identifier)).toEqual(['user-1', 'user-2']);

    const target = await withAction(project());
    const applied = await importFile(service, target, file, { strategy: 'SKIP', includeIdentityOverrides: true });
    expect(applied.result_summary.features).toMatchObject({ created: 3 });
    expect(comparable(await exportProject(service, target, true, 50))).toEqual(comparable(file));
  });

  it('leaves identity overrides behind while the switch is off', async () => {
    const source = project();
    await richProject(service, source);
    const file = await exportProject(service, source, true);
    const target = await withAction(project());
    await importFile(service, target, file, { strategy: 'SKIP', includeIdentityOverrides: false });
    const again = await exportProject(service, target, true);
    expect(again.environments.flatMap((environment) => environment.identity_overrides ?? [])).toEqual([]);
    expect(comparable({ ...again, environments: again.environments.map(({ identity_overrides: _o, ...rest }) => rest) })).toEqual(
      comparable({ ...file, environments: file.environments.map(({ identity_overrides: _o, ...rest }) => rest) }),
    );
  });

  it('refuses segments naming actions the target does not have, listing them', async () => {
    const source = project();
    await richProject(service, source);
    const file = await exportProject(service, source, false);
    const refused = await refusal(importFile(service, project(), file, { strategy: 'SKIP' }));
    expect(refused).toMatchObject({ status: 400, code: 'missing_actions', extra: { actions: ['Checkout'] } });
  });

  it('SKIP leaves an existing feature (matched in any case), its id and its definition untouched, and creates the missing ones', async () => {
    const source = project();
    await richProject(service, source);
    const file = await exportProject(service, source, false);
    const target = await withAction(project());
    const scope = { projectId: target.projectId, environmentId: target.environments[0].id };
    const existing = await service.create(scope, 'feature_flag', { key: 'CHECKOUT_V2', description: 'mine' }, true);

    const applied = await importFile(service, target, file, { strategy: 'SKIP' });
    expect(applied.plan.features[0]).toMatchObject({ action: 'skip', id: existing.id });
    const flags = await flagsOf(target);
    expect(flags.find((flag) => flag.id === existing.id)).toEqual(existing);
    expect(flags.map((flag) => flag.key).sort()).toEqual(['CHECKOUT_V2', 'plain']);
  });

  it('OVERWRITE_DESTRUCTIVE keeps ids, sets the definition, replaces rollout groups, reuses options by value and zeroes the others', async () => {
    const source = project();
    await richProject(service, source);
    const file = await exportProject(service, source, false);
    const target = await withAction(project());
    const scope = { projectId: target.projectId, environmentId: target.environments[0].id };
    const old = await service.create(scope, 'cohort', { name: 'old', rules: [{ type: 'ALL', rules: [], conditions: [{ property_: 'x', operator: 'IS_SET', value: '' }] }] });
    const options = [{ type: 'unicode', string_value: 'green', default_percentage_allocation: 10 }, { type: 'unicode', string_value: 'blue', default_percentage_allocation: 5 }];
    const existing = await service.create(scope, 'feature_flag', { key: 'Checkout_V2', description: 'mine', multivariate_options: options }, true);
    await service.ask(S.updateFlagState, { in: scope, flagId: existing.id, changes: { segment_overrides: [{ segment_id: old.id, priority: 9, scope: 'environment', enabled: true }] } });

    await importFile(service, target, file, { strategy: 'OVERWRITE_DESTRUCTIVE' });
    const flag = (await flagsOf(target)).find((candidate) => candidate.id === existing.id);
    expect(flag).toMatchObject({ key: 'checkout_v2', description: 'New checkout', initial_value: 'v1' });
    expect(flag?.multivariate_options?.map((option) => [option.string_value, option.default_percentage_allocation])).toEqual([['green', 0], ['blue', 20], ['red', 30]]);
    const state = (await service.ask(S.getFlagState, { in: scope, flagId: existing.id })).result;
    expect(state.segment_overrides.map((group) => [group.priority, group.scope])).toEqual([[1, 'project'], [2, 'environment']]);
    expect(state.multivariate_feature_state_values).toEqual([
      { multivariate_feature_option: 2, percentage_allocation: 50 },
      { multivariate_feature_option: 0, percentage_allocation: 0 },
    ]);
  });

  it('a dry run changes nothing and answers the plan', async () => {
    const source = project();
    await richProject(service, source);
    const file = await exportProject(service, source, true);
    const target = await withAction(project());
    const before = await eventCount();
    const dry = await importFile(service, target, file, { strategy: 'OVERWRITE_DESTRUCTIVE', includeIdentityOverrides: true, dryRun: true });
    expect(dry.result_summary.features.created).toBe(3);
    expect(await eventCount()).toBe(before);
    expect(await flagsOf(target)).toEqual([]);
  });

  it('applies an import once: a job resumed after the append committed is answered what was done', async () => {
    const source = project();
    await richProject(service, source);
    const file = await exportProject(service, source, false);
    const target = await withAction(project());
    const importId = `import-once-${process.pid}`;
    const first = await importFile(service, target, file, { strategy: 'OVERWRITE_DESTRUCTIVE', importId });
    const events = await eventCount();

    const again = await importFile(service, target, file, { strategy: 'OVERWRITE_DESTRUCTIVE', importId });

    expect(again.result_summary).toEqual(first.result_summary);
    expect(await eventCount()).toBe(events);
  });

  it('a failure in the last part of the append leaves the project exactly as it was', async () => {
    const source = project();
    await richProject(service, source);
    const file = await exportProject(service, source, true);
    const target = await withAction(project());
    await importFile(service, target, { ...file, environments: file.environments.map(({ identity_overrides: _o, ...rest }) => rest) }, { strategy: 'SKIP' });
    const before = await exportProject(service, target, true);
    const events = await eventCount();
    const changed = { ...file, features: file.features.map((feature) => ({ ...feature, description: 'changed' })) };
    changed.environments[0].identity_overrides = [...(changed.environments[0].identity_overrides ?? []), { identifier: 'boom', feature: 'checkout_v2', enabled: true, feature_state_value: null }];
    await service.db.query(`CREATE OR REPLACE FUNCTION refuse_boom() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'injected failure'; END $$`);
    await service.db.query(`CREATE TRIGGER refuse_boom BEFORE INSERT ON identity_overrides FOR EACH ROW WHEN (NEW.identifier = 'boom') EXECUTE FUNCTION refuse_boom()`);
    try {
      expect(await refusal(importFile(service, target, changed, { strategy: 'OVERWRITE_DESTRUCTIVE', includeIdentityOverrides: true }))).toBeDefined();
    } finally {
      await service.db.query('DROP TRIGGER refuse_boom ON identity_overrides');
    }
    expect(await eventCount()).toBe(events);
    expect(comparable(await exportProject(service, target, true))).toEqual(comparable(before));
  });
});
