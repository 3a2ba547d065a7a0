import { randomUUID } from 'node:crypto';
import type { entities } from '@strata/contracts';
import { type Account, addMember, gatewayForSpecs, type ListBody, signup } from '../testing/api-client';

type Entity = { id: string; environment_id: number | null; name?: string; key?: string } & Record<string, unknown>;
type Problem = { type: string; code: string; attr: string | null; rollout_groups?: entities.HiddenCohortGroup[]; keys?: string[] };

const env = (environmentId: number, rest = '') => `/api/v2/environments/${environmentId}/${rest}`;
const project = (projectId: number, rest = '') => `/api/v2/projects/${projectId}/${rest}`;
const unique = (tag: string) => `${tag}-${randomUUID().slice(0, 8)}`;
const group = (segment_id: string, priority: number, scope: 'environment' | 'project') => ({ segment_id, priority, scope, enabled: true });
const performed = (actionId: string) => [{ type: 'ALL', rules: [], conditions: [{ property_: '', operator: 'PERFORMED_ACTION', value: actionId }] }];

describe('compare and copy between environments and projects over HTTP (SPEC §11)', () => {
  const { api } = gatewayForSpecs({ apps: ['gateway', 'projects', 'entities'] });
  let acme: Account;
  let globex: Account;
  let production: number;
  let staging: number;
  /** acme's second project and its environment. */
  let shop: { id: number; environment: number };
  let member: { key: string };

  const post = <Body = Entity>(path: string, body: unknown, key = acme.key) => api.post<Body>(path, key, body);
  const create = async (at: number, collection: string, body: Record<string, unknown>): Promise<Entity> => {
    const answer = await post(env(at, `${collection}/`), body);
    if (answer.status !== 201) throw new Error(`create in ${collection} answered ${answer.status}: ${JSON.stringify(answer.body)}`);
    return answer.body;
  };
  const read = async (at: number, collection: string, id: string): Promise<Entity> => {
    const answer = await api.get<Entity>(env(at, `${collection}/${id}`), acme.key);
    if (answer.status !== 200) throw new Error(`read ${collection}/${id} answered ${answer.status}`);
    return answer.body;
  };
  const ids = async (at: number, collection: string): Promise<string[]> => (await api.get<ListBody<Entity>>(env(at, `${collection}/?scope=environment`), acme.key)).body.results.map((e) => e.id);
  const compare = async (base = staging, head = production, key = acme.key) => api.get<entities.CompareResponse>(project(acme.project.id, `compare/?base=${base}&head=${head}`), key);
  const copyStates = (body: Record<string, unknown>, key = acme.key) =>
    api.post<entities.CopyFlagStatesResponse & Problem>(project(acme.project.id, 'copy_flag_states'), key, { from_environment_id: staging, to_environment_id: production, ...body });
  const copy = (at: number, collection: string, id: string, body: Record<string, unknown>, key = acme.key) =>
    api.post<entities.CopyEntityResponse & Problem>(env(at, `${collection}/${id}/copy`), key, body);

  beforeAll(async () => {
    acme = await signup(api, 'acme');
    globex = await signup(api, 'globex');
    production = acme.environment.id;
    staging = (await post<{ id: number }>(project(acme.project.id, 'environments/'), { name: 'Staging' })).body.id;
    const side = (await post<{ id: number; environments: Array<{ id: number }> }>('/api/v2/projects/', { name: 'Shop' })).body;
    shop = { id: side.id, environment: side.environments[0].id };
    member = await addMember(api, acme, 1, 'member');
  });

  describe('flag states, staging → production', () => {
    let checkout: Entity;
    let testers: Entity;

    beforeAll(async () => {
      const pro = await create(staging, 'cohorts', { name: 'Pro', rules: performed((await create(staging, 'actions', { name: unique('paid') })).id), is_project_wide: true });
      testers = await create(staging, 'cohorts', { name: 'Testers', rules: [{ type: 'ALL', rules: [], conditions: [{ property_: 'email', operator: 'CONTAINS', value: '@acme' }] }] });
      const options = [{ type: 'unicode', string_value: 'blue', default_percentage_allocation: 0 }, { type: 'unicode', string_value: 'green', default_percentage_allocation: 0 }];
      checkout = await create(staging, 'feature_flags', { key: unique('checkout'), multivariate_options: options, is_project_wide: true });
      await create(staging, 'feature_flags', { key: unique('banner'), default_enabled: true, is_project_wide: true });
      const state = {
        enabled: true,
        feature_state_value: { type: 'unicode', string_value: 'v2' },
        multivariate_feature_state_values: [{ multivariate_feature_option: 1, percentage_allocation: 30 }, { multivariate_feature_option: 0, percentage_allocation: 20 }],
        segment_overrides: [group(pro.id, 1, 'project'), group(testers.id, 2, 'environment')],
      };
      expect((await api.patch(env(staging, `feature_flags/${checkout.id}/state`), acme.key, state)).status).toBe(200);
      expect((await post(env(staging, `feature_flags/${checkout.id}/identity_overrides/`), { identifier: 'ada', enabled: false })).status).toBe(201);
    });

    it('compares flag by flag, naming what differs, and lists what each environment has of its own', async () => {
      const answer = await compare();
      expect(answer.status).toBe(200);
      expect(answer.body.base).toEqual({ id: staging, name: 'Staging' });
      const flag = answer.body.flags.find((f) => f.id === checkout.id)!;
      expect(flag.differs).toEqual(['enabled', 'feature_state_value', 'multivariate_feature_state_values', 'segment_overrides', 'identity_overrides_count']);
      expect(flag.base).toMatchObject({ enabled: true, identity_overrides_count: 1 });
      expect(flag.head).toMatchObject({ enabled: false, identity_overrides_count: 0, segment_overrides: [expect.objectContaining({ scope: 'project' })] });
      expect(answer.body.own_entities.base).toContainEqual({ kind: 'cohort', id: testers.id, name: 'Testers' });
      expect(answer.body.own_entities.head).toEqual([]);
    });

    it('refuses groups on staging’s own cohorts without copy_cohorts, a member, and what the key cannot see — changing nothing', async () => {
      const refused = await copyStates({});
      expect(refused.status).toBe(409);
      expect(refused.body).toMatchObject({ code: 'cohort_not_visible', rollout_groups: [{ flag_id: checkout.id, segment_id: testers.id, cohort_name: 'Testers' }] });
      expect((await copyStates({ copy_cohorts: true }, member.key)).status).toBe(403);
      expect((await copyStates({ copy_cohorts: true }, globex.key)).status).toBe(404);
      expect((await compare(staging, production, globex.key)).status).toBe(404);
      expect((await compare(staging, shop.environment)).body).toMatchObject({ code: 'invalid_reference', attr: 'head' });
      expect((await copyStates({ to_environment_id: staging })).body).toMatchObject({ attr: 'to_environment_id' });
      const scoped = await post<{ value: string }>('/api/personal_api_keys/', { label: 'staging only', scoped_environments: [staging] });
      expect((await compare(staging, production, scoped.body.value)).status).toBe(404);
      expect((await copyStates({ copy_cohorts: true }, scoped.body.value)).status).toBe(404);
      expect((await copyStates({ flag_ids: [checkout.id, testers.id] })).body).toMatchObject({ code: 'invalid_reference', attr: 'flag_ids.1' });
      const dryRun = await copyStates({ copy_cohorts: true, include_identity_overrides: true, dry_run: true });
      expect(dryRun.status).toBe(200);
      expect(dryRun.body.created).toEqual([{ kind: 'cohort', from_id: testers.id, id: null }]);
      expect(dryRun.body.changes.find((c) => c.id === checkout.id)).toMatchObject({ before: { enabled: false }, after: { enabled: true, identity_overrides_count: 1 } });
      expect((await compare()).body.flags.find((f) => f.id === checkout.id)!.differs).toHaveLength(5);
      expect(await ids(production, 'cohorts')).toEqual([]);
    });

    it('copies atomically with the cohorts, after which the two compare equal, and a second copy changes nothing', async () => {
      const copied = await copyStates({ copy_cohorts: true, include_identity_overrides: true });
      expect(copied.status).toBe(200);
      const [cohortCopy] = copied.body.created;
      expect(cohortCopy).toMatchObject({ kind: 'cohort', from_id: testers.id });
      expect(await ids(production, 'cohorts')).toEqual([cohortCopy.id]);
      expect(copied.body.changes.map((change) => change.id)).toEqual([checkout.id]);
      const after = await compare();
      expect(after.body.flags.map((flag) => flag.differs)).toEqual(after.body.flags.map(() => []));
      const state = (await api.get<{ segment_overrides: Array<{ segment_id: string; scope: string }> }>(env(production, `feature_flags/${checkout.id}/state`), acme.key)).body;
      expect(state.segment_overrides.map((g) => g.scope)).toEqual(['project', 'environment']);
      expect(state.segment_overrides[1].segment_id).toBe(cohortCopy.id);
      expect((await api.get<ListBody>(env(production, `feature_flags/${checkout.id}/identity_overrides/`), acme.key)).body.count).toBe(1);
      expect((await copyStates({ copy_cohorts: true, include_identity_overrides: true })).body).toEqual({ changes: [], created: [] });
    });
  });

  describe('an entity with what it references, into another project', () => {
    let chain: { action: Entity; cohort: Entity; insight: Entity; dashboard: Entity };

    beforeAll(async () => {
      const action = await create(staging, 'actions', { name: 'Signed up', steps: [{ event: 'signup' }] });
      const cohort = await create(staging, 'cohorts', { name: 'Activated', rules: performed(action.id) });
      const insight = await create(staging, 'insights', { name: 'Activation', filters: { cohort_ids: [cohort.id] } });
      const dashboard = await create(staging, 'dashboards', { name: 'Growth', tiles: [{ insight_id: insight.id }] });
      chain = { action, cohort, insight, dashboard };
    });

    it('keeps the chain dashboard → insight → cohort → action intact with new ids (a dry run first, changing nothing)', async () => {
      const dryRun = await copy(staging, 'dashboards', chain.dashboard.id, { to_environment_id: shop.environment, dependencies: 'copy', dry_run: true });
      expect(dryRun.status).toBe(200);
      expect(dryRun.body.created).toEqual(['dashboard', 'insight', 'cohort', 'action'].map((kind) => ({ kind, from_id: chain[kind as keyof typeof chain].id, id: null })));
      expect(await ids(shop.environment, 'dashboards')).toEqual([]);
      const copied = await copy(staging, 'dashboards', chain.dashboard.id, { to_environment_id: shop.environment, dependencies: 'copy' });
      expect(copied.status).toBe(200);
      expect(copied.body.linked).toEqual([]);
      const newId = (from: Entity) => copied.body.created.find((c) => c.from_id === from.id)!.id!;
      for (const from of Object.values(chain)) expect(newId(from)).not.toBe(from.id);
      const dashboard = await read(shop.environment, 'dashboards', newId(chain.dashboard));
      expect(dashboard).toMatchObject({ name: 'Growth', environment_id: shop.environment, tiles: [{ insight_id: newId(chain.insight) }] });
      expect(await read(shop.environment, 'insights', newId(chain.insight))).toMatchObject({ filters: { cohort_ids: [newId(chain.cohort)] } });
      expect(await read(shop.environment, 'cohorts', newId(chain.cohort))).toMatchObject({ rules: performed(newId(chain.action)) });
      expect(await read(shop.environment, 'actions', newId(chain.action))).toMatchObject({ name: 'Signed up' });
    });

    it('with `link` reuses the target’s cohort of the same name, copying only what lies before it', async () => {
      const other = (await post<{ environments: Array<{ id: number }> }>('/api/v2/projects/', { name: 'Outlet' })).body.environments[0].id;
      const theirs = await create(other, 'cohorts', { name: 'Activated', rules: [{ type: 'ALL', rules: [], conditions: [{ property_: 'plan', operator: 'EQUAL', value: 'pro' }] }] });
      const copied = await copy(staging, 'dashboards', chain.dashboard.id, { to_environment_id: other, dependencies: 'link' });
      expect(copied.status).toBe(200);
      expect(copied.body.linked).toEqual([{ kind: 'cohort', from_id: chain.cohort.id, id: theirs.id }]);
      expect(copied.body.created.map((c) => c.kind)).toEqual(['dashboard', 'insight']);
      const insight = copied.body.created[1].id!;
      expect(await read(other, 'insights', insight)).toMatchObject({ filters: { cohort_ids: [theirs.id] } });
      expect(await ids(other, 'actions')).toEqual([]);
    });

    it('a colliding flag key is 409 duplicate_key and changes nothing; another organization is 404, a member 403', async () => {
      const key = unique('pricing');
      const flag = await create(staging, 'feature_flags', { key });
      const experiment = await create(staging, 'experiments', { name: 'Pricing test', feature_flag_id: flag.id });
      await create(shop.environment, 'feature_flags', { key: key.toUpperCase(), is_project_wide: true });
      const [experimentsBefore, flagsBefore] = [await ids(shop.environment, 'experiments'), await api.get<ListBody>(env(shop.environment, 'feature_flags/'), acme.key)];
      const refused = await copy(staging, 'experiments', experiment.id, { to_environment_id: shop.environment, dependencies: 'copy' });
      expect(refused.status).toBe(409);
      expect(refused.body).toMatchObject({ code: 'duplicate_key', keys: [key] });
      expect(await ids(shop.environment, 'experiments')).toEqual(experimentsBefore);
      expect((await api.get<ListBody>(env(shop.environment, 'feature_flags/'), acme.key)).body.count).toBe(flagsBefore.body.count);
      expect((await copy(staging, 'feature_flags', flag.id, { to_environment_id: production, dependencies: 'link' })).body).toMatchObject({ code: 'duplicate_key' });
      expect((await copy(staging, 'experiments', experiment.id, { to_environment_id: globex.environment.id, dependencies: 'copy' })).status).toBe(404);
      expect((await copy(staging, 'experiments', experiment.id, { to_environment_id: staging, dependencies: 'copy' }, globex.key)).status).toBe(404);
      expect((await copy(staging, 'experiments', experiment.id, { to_environment_id: shop.environment, dependencies: 'link' }, member.key)).status).toBe(403);
      const linked = await copy(staging, 'experiments', experiment.id, { to_environment_id: shop.environment, dependencies: 'link' });
      expect(linked.body.linked).toEqual([{ kind: 'feature_flag', from_id: flag.id, id: expect.any(String) }]);
    });
  });
});
