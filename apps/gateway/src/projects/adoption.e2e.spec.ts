import { eventually } from '@strata/testing';
import { Flagsmith } from 'flagsmith-nodejs';
import { type Account, addMember, gatewayForSpecs, signup } from '../testing/api-client';

type Entity = { id: string; name?: string; key?: string; environment_id: number | null; project_id: number } & Record<string, unknown>;
type Environment = { id: number; name: string; project_id: number; api_token: string };
type Project = { id: number; name: string; environments: Environment[] };
type Report = Record<string, unknown> & {
  status: string;
  refused_because: string[];
  conflicts: { group_types: Array<Record<string, unknown>>; flag_keys: Array<Record<string, unknown>>; property_types: unknown[] };
  scope_changes: Array<{ kind: string; id: string; name: string; new_id?: string }>;
  moved_entities: Array<{ id: string }>;
  environment: { name_in_target: string };
  source_project: { deleted: boolean };
};

/**
 * SPEC §7 through HTTP: customers who ran one project per environment merge them — the report first, the refusals,
 * the move, and afterwards ingestion, taxonomy and SDKs answering from the target project.
 */
describe('adopting an environment into another project (issue 12)', () => {
  const { system, api } = gatewayForSpecs();
  let acme: Account;
  let shop: Project;
  const created = async <T = Entity>(path: string, body: unknown): Promise<T> => {
    const answer = await api.post<T>(path, acme.key, body);
    if (answer.status !== 201) throw new Error(`${path} answered ${answer.status}: ${JSON.stringify(answer.body)}`);
    return answer.body;
  };
  /** A new project with its default environment as the environments route gives it (with its token). */
  const project = async (name: string): Promise<Project> => {
    const made = await created<Project>('/api/v2/projects/', { name });
    return { ...made, environments: await environmentsOf(made.id) };
  };
  const adopt = (targetId: number, body: Record<string, unknown>, key = acme.key) => api.post<Report>(`/api/v2/projects/${targetId}/adopt_environment`, key, body);
  const resolve = async (token: string, groups: Record<string, string>) =>
    (await api.post<{ results: Array<Record<string, unknown>> }>('/i/v0/resolve', undefined, { events: [{ token, event: 'checkout', distinct_id: 'u1', properties: { plan: 'pro' }, groups }] })).body.results[0];
  /** A new token reaches the mapper's tables within a second (SPEC §5). */
  const resolvesTo = (token: string, groups: Record<string, string>, expected: Record<string, unknown>) =>
    eventually(async () => expect(await resolve(token, groups)).toEqual(expect.objectContaining({ ok: true, ...expected })));
  const environmentsOf = async (projectId: number) => (await api.get<{ results: Environment[] }>(`/api/v2/projects/${projectId}/environments/`, acme.key)).body.results;
  const list = async (environmentId: number, collection: string) => (await api.get<{ results: Entity[] }>(`/api/v2/environments/${environmentId}/${collection}/?limit=100`, acme.key)).body.results;

  beforeAll(async () => {
    acme = await signup(api, 'adopt');
    shop = (await api.get<Project>(`/api/v2/projects/${acme.project.id}`, acme.key)).body;
    shop.environments = await environmentsOf(shop.id);
    // The target project has seen `company` events: company is its group type 0.
    await resolvesTo(acme.environment.api_token, { company: 'acme' }, { groups: { $group_0: 'acme' } });
    // And it has a project-wide flag of its own, which every environment it adopts will see.
    await created(`/api/v2/environments/${acme.environment.id}/feature_flags/`, { key: 'dark-mode', default_enabled: true, is_project_wide: true });
  });

  describe('a one-environment staging project merged into the production project', () => {
    let staging: Project;
    let env: Environment;
    const made: Record<string, Entity> = {};

    beforeAll(async () => {
      staging = await project('Shop staging');
      env = staging.environments[0];
      // Its events: company at 0, team at 1 (free in the target: no disruption).
      await resolvesTo(env.api_token, { company: 'acme', team: 'core' }, { groups: { $group_0: 'acme', $group_1: 'core' } });
      const at = (collection: string) => `/api/v2/environments/${env.id}/${collection}/`;
      made.action = await created(at('actions'), { name: 'Signed up', steps: [{ event: 'signup' }], is_project_wide: true });
      made.cohort = await created(at('cohorts'), {
        name: 'Pro users', is_project_wide: true,
        rules: [{ type: 'ALL', conditions: [{ property_: 'plan', operator: 'EQUAL', value: 'pro' }] }],
      });
      made.insight = await created(at('insights'), { name: 'Signups of pros', filters: { action_ids: [made.action.id], cohort_ids: [made.cohort.id] }, is_project_wide: true });
      made.dashboard = await created(at('dashboards'), { name: 'Growth', tiles: [{ insight_id: made.insight.id }], is_project_wide: true });
      made.flag = await created(at('feature_flags'), { key: 'new-checkout', name: 'New checkout', is_project_wide: true });
      made.ownFlag = await created(at('feature_flags'), { key: 'staging-banner', name: 'Staging banner' });
      const state = { enabled: true, segment_overrides: [{ segment_id: made.cohort.id, priority: 1, scope: 'environment', enabled: false }] };
      expect((await api.patch(`/api/v2/environments/${env.id}/feature_flags/${made.flag.id}/state`, acme.key, state)).status).toBe(200);
      expect((await api.post(`/api/v2/environments/${env.id}/feature_flags/${made.flag.id}/identity_overrides/`, acme.key, { identifier: 'ada', enabled: false })).status).toBe(201);
    });

    it('reports first on a dry run, changing nothing', async () => {
      const answer = await adopt(shop.id, { environment_id: env.id, dry_run: true });

      expect(answer.status).toBe(200);
      expect(answer.body).toMatchObject({ status: 'planned', adoption_id: null, refused_because: [], source_project: { id: staging.id, deleted: true } });
      expect(answer.body.environment.name_in_target).toBe('Production (Shop staging)');
      expect(answer.body.scope_changes.map((change) => change.name).sort()).toEqual(['Growth', 'New checkout', 'Pro users', 'Signed up', 'Signups of pros']);
      expect(answer.body.moved_entities.map((entity) => entity.id)).toEqual([made.ownFlag.id]);
      expect(await environmentsOf(shop.id)).toHaveLength(1);
      expect((await api.get(`/api/v2/projects/${staging.id}`, acme.key)).status).toBe(200);
    });

    it('moves the environment with its data identity, its entities and the source’s shared ones, and deletes the emptied source', async () => {
      const answer = await adopt(shop.id, { environment_id: env.id });

      expect(answer.status).toBe(200);
      expect(answer.body).toMatchObject({ status: 'completed', source_project: { deleted: true } });
      const copies = new Map(answer.body.scope_changes.map((change) => [change.id, change.new_id!]));
      const environments = await environmentsOf(shop.id);
      expect(environments.map((environment) => [environment.id, environment.name])).toEqual([
        [acme.environment.id, 'Production'],
        [env.id, 'Production (Shop staging)'],
      ]);
      expect(environments[1]).toMatchObject({ api_token: env.api_token, project_id: shop.id });
      expect((await api.get(`/api/v2/projects/${staging.id}`, acme.key)).status).toBe(404);

      const [dashboard] = await list(env.id, 'dashboards');
      expect(dashboard).toMatchObject({ id: copies.get(made.dashboard.id), name: 'Growth', environment_id: env.id, project_id: shop.id, tiles: [{ insight_id: copies.get(made.insight.id) }] });
      const [insight] = await list(env.id, 'insights');
      expect(insight).toMatchObject({ filters: { action_ids: [copies.get(made.action.id)], cohort_ids: [copies.get(made.cohort.id)] } });
      const flags = await list(env.id, 'feature_flags');
      expect(flags.filter((flag) => flag.environment_id === env.id).map((flag) => [flag.key, flag.id]).sort()).toEqual(
        [['new-checkout', copies.get(made.flag.id)], ['staging-banner', made.ownFlag.id]].sort(),
      );
      expect(flags.filter((flag) => flag.environment_id === null).map((flag) => flag.key)).toEqual(['dark-mode']);
      const state = await api.get<Record<string, unknown>>(`/api/v2/environments/${env.id}/feature_flags/${copies.get(made.flag.id)}/state`, acme.key);
      expect(state.body).toMatchObject({ enabled: true, segment_overrides: [{ segment_id: copies.get(made.cohort.id), enabled: false }] });
      // Data stays apart: production sees none of them.
      expect(await list(acme.environment.id, 'dashboards')).toEqual([]);
      expect((await api.get(`/api/v2/environments/${acme.environment.id}/feature_flags/${made.ownFlag.id}`, acme.key)).status).toBe(404);
    });

    it('resolves the moved environment’s events to the target project, on the target’s group type indexes', async () => {
      await resolvesTo(env.api_token, { company: 'acme', team: 'core' }, { team_id: env.id, project_id: shop.id, groups: { $group_0: 'acme', $group_1: 'core' } });
      const groupTypes = (await api.get<{ results: Array<{ group_type: string; group_type_index: number }> }>(`/api/v2/projects/${shop.id}/group_types/`, acme.key)).body.results;
      expect(groupTypes.map((type) => [type.group_type, type.group_type_index])).toEqual([['company', 0], ['team', 1]]);
    });

    it('answers SDKs from the target project: its project-wide flags plus the moved environment’s own, states and identity overrides', async () => {
      const flagsmith = new Flagsmith({ environmentKey: env.api_token, apiUrl: `${system.baseUrl}/api/v1/`, retries: 0 });
      await eventually(async () => {
        const flags = await flagsmith.getEnvironmentFlags();
        expect(flags.isFeatureEnabled('new-checkout')).toBe(true);
        expect(flags.isFeatureEnabled('staging-banner')).toBe(false);
        expect(flags.isFeatureEnabled('dark-mode')).toBe(true);
        expect((await flagsmith.getIdentityFlags('ada')).isFeatureEnabled('new-checkout')).toBe(false);
      });
      const production = new Flagsmith({ environmentKey: acme.environment.api_token, apiUrl: `${system.baseUrl}/api/v1/`, retries: 0 });
      expect((await production.getEnvironmentFlags()).allFlags().map((flag) => flag.featureName)).toEqual(['dark-mode']);
    });
  });

  describe('refusals, each changing nothing', () => {
    it('refuses a flag key the target already has (409 with the report)', async () => {
      const other = await project('Checkout team');
      await created(`/api/v2/environments/${other.environments[0].id}/feature_flags/`, { key: 'NEW-CHECKOUT' });

      const answer = await adopt(shop.id, { environment_id: other.environments[0].id });
      expect(answer.status).toBe(409);
      expect(answer.body).toMatchObject({ code: 'adoption_refused', refused_because: ['flag_key_collision'] });
      expect(answer.body.conflicts.flag_keys).toEqual([expect.objectContaining({ key: 'NEW-CHECKOUT' })]);
      expect((await environmentsOf(other.id)).map((environment) => environment.id)).toEqual([other.environments[0].id]);
      expect(await environmentsOf(shop.id)).toHaveLength(2);
    });

    it('refuses group types at other indexes unless accepted; accepted, the events land on the target’s indexes', async () => {
      const teams = await project('Teams');
      const [environment] = teams.environments;
      await resolvesTo(environment.api_token, { team: 'core' }, { groups: { $group_0: 'core' } });

      const refused = await adopt(shop.id, { environment_id: environment.id });
      expect(refused.status).toBe(409);
      expect(refused.body.refused_because).toEqual(['group_type_disruption']);
      expect(refused.body.conflicts.group_types).toEqual([{ group_type: 'team', source_index: 0, target_index: 1, reason: 'different_index' }]);
      expect(await environmentsOf(teams.id)).toHaveLength(1);

      const accepted = await adopt(shop.id, { environment_id: environment.id, accept_group_type_disruption: true });
      expect(accepted.status).toBe(200);
      await resolvesTo(environment.api_token, { team: 'core' }, { project_id: shop.id, groups: { $group_1: 'core' } });
    });

    it('hides either side from who may not see it (404) and refuses members (403)', async () => {
      const other = await signup(api, 'stranger');
      const spare = await project('Spare');
      const member = await addMember(api, acme, 1);

      expect((await adopt(shop.id, { environment_id: other.environment.id })).status).toBe(404);
      expect((await adopt(other.project.id, { environment_id: spare.environments[0].id })).status).toBe(404);
      expect((await adopt(shop.id, { environment_id: spare.environments[0].id, dry_run: true }, member.key)).status).toBe(403);
      expect((await adopt(shop.id, { environment_id: acme.environment.id })).status).toBe(400);
      expect((await adopt(shop.id, { environment_id: 'one' })).status).toBe(400);
      expect(await environmentsOf(spare.id)).toHaveLength(1);
    });
  });
});
