import { entities, type StrataError } from '@strata/contracts';
import { cohortFields, EntitiesHarness } from '../testing/entities-harness';

const S = entities.EntitiesSubjects;
const A = entities.EntitiesAdoptionSubjects;

/** Environment 7_301 moves from project 7_301 (which keeps environment 7_302) into project 7_401. */
const SOURCE = 7_301;
const TARGET = 7_401;
const MOVED = { projectId: SOURCE, environmentId: 7_301 };
const STAYING = { projectId: SOURCE, environmentId: 7_302 };
const ARRIVED = { projectId: TARGET, environmentId: 7_301 };
const TARGET_ENV = { projectId: TARGET, environmentId: 7_401 };
const SCOPE = { environmentId: 7_301, sourceProjectId: SOURCE, targetProjectId: TARGET };

type Scope = entities.EnvironmentScope;

describe('an environment’s entities moving into another project (SPEC §7)', () => {
  const service = EntitiesHarness.forSpecs();
  const create = (scope: Scope, kind: entities.EntityKind, fields: Record<string, unknown>, isProjectWide = false) => service.create(scope, kind, fields, isProjectWide);
  const list = async (scope: Scope) => {
    const pages = await Promise.all(entities.ENTITY_KINDS.map((kind) => service.ask(S.list, { in: scope, kind, scope: 'all', page: { limit: 200 } } as entities.ListEntitiesRequest)));
    return pages.flatMap((page) => page.results.parse());
  };
  const refusal = (promise: Promise<unknown>) => promise.then(() => undefined, (error: StrataError) => error);
  const group = (segment_id: string, priority: number, scope: 'environment' | 'project') => ({ segment_id, priority, scope, enabled: true });

  /** A source with a dashboard → insight → cohort → action chain project-wide, a flag using it, and the environment's own. */
  async function seed() {
    const action = await create(MOVED, 'action', { name: 'Signed up', steps: [{ event: 'signup' }] }, true);
    const cohort = await create(MOVED, 'cohort', cohortFields('Activated', [], [action.id]), true);
    const insight = await create(MOVED, 'insight', { name: 'Activation', filters: { cohort_ids: [cohort.id], action_ids: [action.id] } }, true);
    const dashboard = await create(MOVED, 'dashboard', { name: 'Growth', tiles: [{ insight_id: insight.id }] }, true);
    const options = [{ type: 'unicode', string_value: 'a', default_percentage_allocation: 50 }];
    const flagFields = { key: 'checkout', name: 'Checkout', multivariate_options: options } as entities.KindFields;
    const flag = (await service.ask(S.create, { in: MOVED, kind: 'feature_flag', fields: flagFields, tags: ['growth'], isProjectWide: true })).result;
    const patch = { enabled: true, segment_overrides: [group(cohort.id, 1, 'project')] };
    await service.ask(S.updateFlagState, { in: MOVED, flagId: flag.id, changes: patch as entities.FlagStateChanges });
    await service.ask(S.setIdentityOverride, { in: MOVED, flagId: flag.id, identifier: 'ada', enabled: false } as entities.SetIdentityOverrideRequest);
    const ownInsight = await create(MOVED, 'insight', { name: 'Staging funnel', filters: { cohort_ids: [cohort.id] } });
    const ownDashboard = await create(MOVED, 'dashboard', { name: 'Staging board', tiles: [{ insight_id: ownInsight.id }] });
    const ownFlag = await create(MOVED, 'feature_flag', { key: 'beta-banner', name: 'Beta banner' });
    await service.ask(S.updateFlagState, { in: MOVED, flagId: ownFlag.id, changes: { enabled: true } as entities.FlagStateChanges });
    const experiment = await create(MOVED, 'experiment', { name: 'Checkout test', feature_flag_id: flag.id });
    await create(TARGET_ENV, 'feature_flag', { key: 'already-here' }, true);
    return { action, cohort, insight, dashboard, flag, ownInsight, ownDashboard, ownFlag, experiment };
  }

  let seeded: Awaited<ReturnType<typeof seed>>;
  beforeAll(async () => {
    seeded = await seed();
  });

  it('reports first, changing nothing: the project-wide entities that become the environment’s own, the own ones that move as they are', async () => {
    const report = await service.adoption(A.plan, SCOPE);

    expect(report.flag_keys).toEqual([]);
    expect(report.scope_changes.map((change) => [change.kind, change.name, change.new_id])).toEqual(
      expect.arrayContaining([['action', 'Signed up', undefined], ['cohort', 'Activated', undefined], ['dashboard', 'Growth', undefined], ['feature_flag', 'Checkout', undefined]]),
    );
    expect(report.moved.map((entity) => entity.id).sort()).toEqual([seeded.ownInsight.id, seeded.ownDashboard.id, seeded.ownFlag.id, seeded.experiment.id].sort());
    expect(report.tags_created).toEqual(['growth']);
    expect((await list(ARRIVED)).map((entity) => entity.id)).toHaveLength(1);
  });

  it('moves the own entities with their ids and copies the shared ones as the environment’s own, references pointing at the copies', async () => {
    const report = await service.adoption(A.move, { ...SCOPE, adoptionId: 'adoption-1' });
    const copyOf = new Map(report.scope_changes.map((change) => [change.id, change.new_id!]));

    const arrived = new Map((await list(ARRIVED)).map((entity) => [entity.id, entity]));
    expect(arrived.size).toBe(1 + 4 + 5);
    for (const id of [seeded.ownInsight.id, seeded.ownDashboard.id, seeded.ownFlag.id, seeded.experiment.id]) expect(arrived.get(id)).toMatchObject({ project_id: TARGET, environment_id: 7_301 });
    for (const [, copy] of copyOf) expect(arrived.get(copy)).toMatchObject({ project_id: TARGET, environment_id: 7_301, is_project_wide: false });
    expect(arrived.get(seeded.ownInsight.id)).toMatchObject({ filters: { cohort_ids: [copyOf.get(seeded.cohort.id)] } });
    expect(arrived.get(seeded.experiment.id)).toMatchObject({ feature_flag_id: copyOf.get(seeded.flag.id) });
    expect(arrived.get(copyOf.get(seeded.dashboard.id)!)).toMatchObject({ tiles: [{ insight_id: copyOf.get(seeded.insight.id) }] });
    expect(arrived.get(copyOf.get(seeded.flag.id)!)).toMatchObject({ key: 'checkout', tags: ['growth'] });
    expect(await service.violations(TARGET)).toEqual([]);

    const copiedState = await service.ask(S.getFlagState, { in: ARRIVED, flagId: copyOf.get(seeded.flag.id)! });
    expect(copiedState.result).toMatchObject({ enabled: true, segment_overrides: [{ segment_id: copyOf.get(seeded.cohort.id), scope: 'environment', priority: 1 }] });
    expect((await service.ask(S.getFlagState, { in: ARRIVED, flagId: seeded.ownFlag.id })).result).toMatchObject({ enabled: true });
    const overrides = await service.ask(S.listIdentityOverrides, { in: ARRIVED, flagId: copyOf.get(seeded.flag.id)!, page: { limit: 10 } } as entities.ListIdentityOverridesRequest);
    expect(overrides.results.parse()).toMatchObject([{ identifier: 'ada', enabled: false }]);
    expect((await service.ask(S.listTags, { projectId: TARGET } as entities.ListTagsRequest)).results.parse().map((tag) => tag.label)).toEqual(['growth']);
  });

  it('leaves the source’s project-wide entities to its other environments, and the moved ones invisible from there', async () => {
    const staying = new Map((await list(STAYING)).map((entity) => [entity.id, entity]));
    expect([...staying.keys()].sort()).toEqual([seeded.action.id, seeded.cohort.id, seeded.insight.id, seeded.dashboard.id, seeded.flag.id].sort());
    expect(await refusal(service.ask(S.get, { in: MOVED, kind: 'insight', id: seeded.ownInsight.id }))).toMatchObject({ status: 404 });
    expect(await service.violations(SOURCE)).toEqual([]);
    // The original flag's state and overrides in the departed environment went with it: nothing there holds on to
    // the source's cohort any more.
    const left = await service.db.query(
      `SELECT 'state' FROM flag_states WHERE flag_id = $1 AND environment_id = $2
       UNION ALL SELECT 'override' FROM identity_overrides WHERE flag_id = $1 AND environment_id = $2
       UNION ALL SELECT 'group' FROM entity_references WHERE from_id = $1 AND via_environment_id = $2`,
      [seeded.flag.id, MOVED.environmentId],
    );
    expect(left).toEqual([]);
  });

  it('moves once per adoption id: a resumed adoption is answered what was done', async () => {
    const first = await service.adoption(A.move, { ...SCOPE, adoptionId: 'adoption-1' });
    const again = await service.adoption(A.move, { ...SCOPE, adoptionId: 'adoption-1' });

    expect(again).toEqual(first);
    expect(await list(ARRIVED)).toHaveLength(10);
  });

  it('refuses a flag key the target already uses (whatever its case), moving nothing', async () => {
    const scope = { environmentId: 7_501, sourceProjectId: 7_501, targetProjectId: 7_601 };
    await create({ projectId: 7_601, environmentId: 7_601 }, 'feature_flag', { key: 'Dark-Mode' }, true);
    const flag = await create({ projectId: 7_501, environmentId: 7_501 }, 'feature_flag', { key: 'dark-mode' });

    const refused = await refusal(service.adoption(A.move, { ...scope, adoptionId: 'adoption-2' }));
    expect(refused).toMatchObject({ status: 409, code: 'flag_key_collision' });
    expect((await service.adoption(A.plan, scope)).flag_keys).toEqual([expect.objectContaining({ key: 'dark-mode', source_flag_id: flag.id })]);
    expect((await list({ projectId: 7_501, environmentId: 7_501 })).map((entity) => entity.id)).toEqual([flag.id]);
  });
});
