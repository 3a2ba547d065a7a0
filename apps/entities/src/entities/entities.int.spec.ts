import { entities, type StrataError } from '@strata/contracts';
import { EntitiesHarness } from '../testing/entities-harness';

const S = entities.EntitiesSubjects;
const PROJECT = 7_001;
const STAGING = { projectId: PROJECT, environmentId: 7_001 };
const PRODUCTION = { projectId: PROJECT, environmentId: 7_002 };
const OTHER_PROJECT = { projectId: 7_100, environmentId: 7_100 };

type Scope = entities.EnvironmentScope;

describe('entities service', () => {
  const service = EntitiesHarness.forSpecs();
  const ask = <S extends entities.EntitiesSubject>(subject: S, payload: entities.EntitiesRequest<S>) => service.ask(subject, payload);
  const refusal = (promise: Promise<unknown>) => promise.then(() => undefined, (error: StrataError) => error);
  const create = (scope: Scope, kind: entities.EntityKind, fields: Record<string, unknown>, isProjectWide = false) => service.create(scope, kind, fields, isProjectWide);
  const visible = async (scope: Scope, kind: entities.EntityKind) =>
    (await ask(S.list, { in: scope, kind, scope: 'all', page: { limit: 100, offset: 0 } })).results.parse().map((entity) => entity.id);


  it('lists each entity with the body a single read answers, keys in its order (times and fields written by Postgres)', async () => {
    const scope = { projectId: 7_200, environmentId: 7_200 };
    const made = [await create(scope, 'action', { name: 'Ünïcode "quoted"', description: 'line\nbreak' }), await create(scope, 'action', { name: 'Shared' }, true)];
    const listed = (await ask(S.list, { in: scope, kind: 'action', scope: 'all', page: { limit: 10, offset: 0 } })).results;
    const single = await Promise.all(made.reverse().map(async (entity) => (await ask(S.get, { in: scope, kind: 'action', id: entity.id })).result));
    expect(JSON.stringify(listed.parse())).toBe(JSON.stringify(single)); // the same values, keys in the same order (jsonb text has its own spaces)
  });

  it('shows an environment its own entities and its project’s project-wide ones, never a sibling’s own or another project’s', async () => {
    const own = await create(STAGING, 'action', { name: 'Signed up' });
    const shared = await create(STAGING, 'action', { name: 'Paid' }, true);
    const foreign = await create(OTHER_PROJECT, 'action', { name: 'Elsewhere', description: 'x' }, true);

    expect(await visible(STAGING, 'action')).toEqual(expect.arrayContaining([own.id, shared.id]));
    expect(await visible(PRODUCTION, 'action')).toContain(shared.id);
    expect(await visible(PRODUCTION, 'action')).not.toContain(own.id);
    expect(await visible(PRODUCTION, 'action')).not.toContain(foreign.id);
    expect(await refusal(ask(S.get, { in: PRODUCTION, kind: 'action', id: own.id }))).toMatchObject({ status: 404 });
    expect(await refusal(ask(S.get, { in: STAGING, kind: 'cohort', id: own.id }))).toMatchObject({ status: 404 });
    expect((await ask(S.get, { in: PRODUCTION, kind: 'action', id: shared.id })).result).toMatchObject({ is_project_wide: true, environment_id: null, project_id: PROJECT });
  });

  it('promotes a deep chain in one call, a dry run first, and refuses to demote or delete what another environment uses', async () => {
    const action = await create(STAGING, 'action', { name: 'Checkout' });
    const inner = await create(STAGING, 'cohort', { name: 'Buyers', rules: [{ type: 'ALL', rules: [], conditions: [{ property_: '', operator: 'PERFORMED_ACTION', value: action.id }] }] });
    const outer = await create(STAGING, 'cohort', { name: 'Loyal', rules: [{ type: 'ALL', rules: [], conditions: [{ property_: '', operator: 'IN_COHORT', value: inner.id }] }] });
    const insight = await create(STAGING, 'insight', { name: 'Loyal buyers', filters: { cohort_ids: [outer.id] } });
    const dashboard = await create(STAGING, 'dashboard', { name: 'Growth', tiles: [{ insight_id: insight.id }] });
    const chain = [dashboard.id, insight.id, outer.id, inner.id, action.id];

    const dry = await ask(S.makeProjectWide, { in: STAGING, kind: 'dashboard', id: dashboard.id, dryRun: true });
    expect(dry.promoted.map((ref) => ref.id).sort()).toEqual([...chain].sort());
    expect(await refusal(ask(S.get, { in: PRODUCTION, kind: 'dashboard', id: dashboard.id }))).toMatchObject({ status: 404 });

    const done = await ask(S.makeProjectWide, { in: STAGING, kind: 'dashboard', id: dashboard.id, dryRun: false });
    expect(done.promoted.map((ref) => ref.id).sort()).toEqual([...chain].sort());
    expect((await ask(S.get, { in: PRODUCTION, kind: 'action', id: action.id })).result.is_project_wide).toBe(true);

    const user = await create(PRODUCTION, 'insight', { name: 'Prod view', filters: { cohort_ids: [outer.id] } });
    const demote = await refusal(ask(S.makeEnvironmentSpecific, { in: STAGING, kind: 'cohort', id: outer.id }));
    expect(demote).toMatchObject({ status: 409, code: 'in_use' });
    expect((demote as StrataError).extra.dependents).toEqual(expect.arrayContaining([{ kind: 'insight', id: user.id }]));
    expect(await refusal(ask(S.delete, { in: STAGING, kind: 'cohort', id: outer.id }))).toMatchObject({ status: 409, code: 'in_use' });
  });

  it('refuses a reference the environment cannot see, naming the field', async () => {
    const hidden = await create(PRODUCTION, 'insight', { name: 'Prod only' });
    const refused = await refusal(ask(S.create, { in: STAGING, kind: 'dashboard', fields: { name: 'Peek', tiles: [{ insight_id: hidden.id }] } as entities.KindFields }));
    expect(refused).toMatchObject({ status: 400, attr: 'tiles.0.insight_id' });
  });

  it('keeps flag keys unique per project whatever the case or scope', async () => {
    await create(STAGING, 'feature_flag', { key: 'new-checkout' });
    expect(await refusal(ask(S.create, { in: PRODUCTION, kind: 'feature_flag', fields: { key: 'NEW-Checkout' } as entities.KindFields }))).toMatchObject({
      status: 409,
      code: 'duplicate_key',
    });
    await expect(create(OTHER_PROJECT, 'feature_flag', { key: 'new-checkout' })).resolves.toMatchObject({ key: 'new-checkout' });
  });
});
