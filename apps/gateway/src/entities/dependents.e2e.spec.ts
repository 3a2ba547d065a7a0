import type { entities } from '@strata/contracts';
import { type Account, addMember, gatewayForSpecs, type ListBody, signup } from '../testing/api-client';

type Entity = { id: string };
type Dependents = ListBody<entities.DependentEntity>;

const env = (environmentId: number, rest = '') => `/api/v2/environments/${environmentId}/${rest}`;
const group = (segment_id: string, priority: number, scope: 'environment' | 'project') => ({ segment_id, priority, scope, enabled: true });
const performed = (actionId: string) => [{ type: 'ALL', rules: [], conditions: [{ property_: '', operator: 'PERFORMED_ACTION', value: actionId }] }];

/**
 * `GET …/KIND/:id/dependents/` (issue 22): what an environment sees that depends on an entity, scoped exactly as the
 * entity itself — 404 where the entity is not visible, and never a sibling environment's own entity or rollout group.
 */
describe("an entity's dependents over HTTP", () => {
  const { api } = gatewayForSpecs({ apps: ['gateway', 'projects', 'entities'] });
  let acme: Account;
  let production: number;
  let staging: number;
  let secret: number;
  /** Shared by both environments, and what each one's own entities use. */
  const shared = { action: '', cohort: '', flag: '', projectGroupFlag: '' };
  const own = { stagingCohort: '', stagingInsight: '', productionInsight: '', secretInsight: '' };

  const create = async (at: number, collection: string, body: Record<string, unknown>): Promise<string> => {
    const answer = await api.post<Entity>(env(at, `${collection}/`), acme.key, body);
    if (answer.status !== 201) throw new Error(`create in ${collection} answered ${answer.status}: ${JSON.stringify(answer.body)}`);
    return answer.body.id;
  };
  const dependents = (at: number, collection: string, id: string, key = acme.key, query = '') => api.get<Dependents>(env(at, `${collection}/${id}/dependents/${query}`), key);
  const named = (answer: { body: Dependents }) => answer.body.results.map((dependent) => `${dependent.kind}:${dependent.name}`).sort();

  beforeAll(async () => {
    acme = await signup(api, 'dependents');
    production = acme.environment.id;
    staging = (await api.post<{ id: number }>(`/api/v2/projects/${acme.project.id}/environments/`, acme.key, { name: 'Staging' })).body.id;
    secret = (await api.post<{ id: number }>(`/api/v2/projects/${acme.project.id}/environments/`, acme.key, { name: 'Secret', access_control: true })).body.id;

    shared.action = await create(staging, 'actions', { name: 'Paid', is_project_wide: true });
    shared.cohort = await create(staging, 'cohorts', { name: 'Payers', rules: performed(shared.action), is_project_wide: true });
    shared.flag = await create(staging, 'feature_flags', { key: 'checkout', is_project_wide: true });
    shared.projectGroupFlag = await create(staging, 'feature_flags', { key: 'banner', is_project_wide: true });
    own.stagingCohort = await create(staging, 'cohorts', { name: 'Staging payers', rules: performed(shared.action) });
    own.stagingInsight = await create(staging, 'insights', { name: 'Staging revenue', filters: { action_ids: [shared.action], cohort_ids: [own.stagingCohort] } });
    own.productionInsight = await create(production, 'insights', { name: 'Production revenue', filters: { action_ids: [shared.action] } });
    own.secretInsight = await create(secret, 'insights', { name: 'Secret revenue', filters: { cohort_ids: [shared.cohort] } });
    // Staging's rollout group uses the shared cohort in Staging only; banner's project-scoped group uses it everywhere.
    expect((await api.patch(env(staging, `feature_flags/${shared.flag}/state`), acme.key, { segment_overrides: [group(shared.cohort, 0, 'environment')] })).status).toBe(200);
    expect((await api.patch(env(production, `feature_flags/${shared.projectGroupFlag}/state`), acme.key, { segment_overrides: [group(shared.cohort, 0, 'project')] })).status).toBe(200);
  });

  it("lists what each environment sees that uses a project-wide entity: its own entities, never a sibling's own", async () => {
    const fromStaging = await dependents(staging, 'actions', shared.action);
    expect(fromStaging.status).toBe(200);
    expect(named(fromStaging)).toEqual(['cohort:Payers', 'cohort:Staging payers', 'insight:Staging revenue']);
    expect(fromStaging.body.results).toContainEqual({ kind: 'cohort', id: shared.cohort, name: 'Payers', is_project_wide: true });
    expect(fromStaging.body.results).toContainEqual({ kind: 'insight', id: own.stagingInsight, name: 'Staging revenue', is_project_wide: false });
    expect(named(await dependents(production, 'actions', shared.action))).toEqual(['cohort:Payers', 'insight:Production revenue']);
  });

  it("counts a flag's rollout groups where they apply: an environment's own group there only, a project group everywhere", async () => {
    expect(named(await dependents(staging, 'cohorts', shared.cohort))).toEqual(['feature_flag:banner', 'feature_flag:checkout']);
    expect(named(await dependents(production, 'cohorts', shared.cohort))).toEqual(['feature_flag:banner']);
    expect(named(await dependents(secret, 'cohorts', shared.cohort))).toEqual(['feature_flag:banner', 'insight:Secret revenue']);
  });

  it('answers an empty list for what nothing uses, and pages as every list does', async () => {
    const nothing = await dependents(staging, 'insights', own.stagingInsight);
    expect(nothing.body).toEqual({ count: 0, next: null, previous: null, results: [] });
    const first = await dependents(staging, 'actions', shared.action, acme.key, '?limit=2');
    expect(first.body).toMatchObject({ count: 3, previous: null });
    expect(first.body.results).toHaveLength(2);
    expect(first.body.next).toContain('offset=2');
    expect((await dependents(staging, 'actions', shared.action, acme.key, '?limit=0')).status).toBe(400);
  });

  it('is 404 wherever the entity itself is: a sibling environment, another kind, another organization, a key scoped elsewhere, a restricted environment', async () => {
    const notFound = { type: 'invalid_request', code: 'not_found' };
    const absent = [
      await dependents(production, 'cohorts', own.stagingCohort),
      await dependents(staging, 'insights', own.stagingCohort),
      await dependents(staging, 'cohorts', '00000000-0000-4000-8000-000000000000'),
      await dependents(staging, 'cohorts', own.stagingCohort, (await signup(api, 'elsewhere')).key),
    ];
    const scoped = (await api.post<{ value: string }>('/api/personal_api_keys/', acme.key, { label: 'production only', scoped_environments: [production] })).body.value;
    absent.push(await dependents(staging, 'actions', shared.action, scoped));
    const member = await addMember(api, acme, 1, 'ungranted');
    absent.push(await dependents(secret, 'cohorts', shared.cohort, member.key));
    for (const answer of absent) expect({ status: answer.status, body: answer.body }).toEqual({ status: 404, body: expect.objectContaining(notFound) });

    // The scoped key and the member still see what their environments see of the same entities.
    expect(named(await dependents(production, 'actions', shared.action, scoped))).toEqual(['cohort:Payers', 'insight:Production revenue']);
    expect(named(await dependents(staging, 'cohorts', shared.cohort, member.key))).toEqual(['feature_flag:banner', 'feature_flag:checkout']);
  });

  it('follows the legacy alias of the environment routes', async () => {
    expect(named(await api.get<Dependents>(`/api/projects/${staging}/cohorts/${own.stagingCohort}/dependents/`, acme.key))).toEqual(['insight:Staging revenue']);
  });
});
