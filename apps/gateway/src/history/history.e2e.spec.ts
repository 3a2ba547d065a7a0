import { randomUUID } from 'node:crypto';
import { eventually } from '@strata/testing';
import { type Account, addMember, gatewayForSpecs, signup } from '../testing/api-client';

type Change = { field: string; before: unknown; after: unknown };
type Actor = { id: string; email: string } | null;
type Entry = { id: string; at: string; actor: Actor; action: string; kind: string; entity_id: string; name: string | null; correlation_id: string | null; changes: Change[] };
type Version = { version: number; at: string; actor: Actor; action: string; changes: Change[] };
type Page<T> = { results: T[]; next: string | null };
type Body = Record<string, unknown> & { id: string; version: number };
type Problem = { type: string; code: string; attr: string | null };

const env = (environmentId: number, rest = '') => `/api/v2/environments/${environmentId}/${rest}`;
const project = (projectId: number, rest = '') => `/api/v2/projects/${projectId}/${rest}`;
const unique = (tag: string) => `${tag}-${randomUUID().slice(0, 8)}`;
const changeOf = (changes: Change[], field: string) => changes.find((change) => change.field === field);

describe('history, activity and restore over HTTP (SPEC §10, issue 21)', () => {
  const { api } = gatewayForSpecs({ apps: ['gateway', 'projects', 'entities', 'taxonomy', 'ingestion-mapping'] });
  let acme: Account;
  let globex: Account;
  let prod: number;
  let secret: number;
  let member: { key: string; userId: string; email: string };

  const post = <T = Body>(path: string, body: unknown, key = acme.key) => api.post<T>(path, key, body);
  const created = async (path: string, body: unknown, key = acme.key): Promise<Body> => {
    const answer = await post(path, body, key);
    if (answer.status !== 201) throw new Error(`${path} answered ${answer.status}: ${JSON.stringify(answer.body)}`);
    return answer.body;
  };
  const patched = async (path: string, body: unknown, key = acme.key): Promise<Body> => {
    const answer = await api.patch<Body>(path, key, body);
    if (answer.status !== 200) throw new Error(`${path} answered ${answer.status}: ${JSON.stringify(answer.body)}`);
    return answer.body;
  };
  const page = async <T>(path: string, key = acme.key): Promise<Page<T>> => {
    const answer = await api.get<Page<T>>(path, key);
    if (answer.status !== 200) throw new Error(`${path} answered ${answer.status}: ${JSON.stringify(answer.body)}`);
    return answer.body;
  };

  /** Every entry's id, following each page's `next` until it is null. */
  const walk = async (first: string): Promise<string[]> => {
    const walked: string[] = [];
    for (let next: string | null = first; next !== null; ) {
      const body: Page<Entry> = await page<Entry>(next);
      walked.push(...body.results.map((entry) => entry.id));
      next = body.next;
    }
    return walked;
  };

  beforeAll(async () => {
    acme = await signup(api, 'acme');
    globex = await signup(api, 'globex');
    prod = acme.environment.id;
    secret = (await post<{ id: number }>(project(acme.project.id, 'environments/'), { name: 'Secret', access_control: true })).body.id;
    const added = await addMember(api, acme, 1, 'member');
    const me = await api.get<{ email: string }>('/api/users/@me', added.key);
    member = { ...added, email: me.body.email };
  });

  it('shows a flag changed by two users with both emails and the right before and after, newest first', async () => {
    const flag = await created(env(prod, 'feature_flags/'), { key: unique('flag'), description: 'first' });
    await patched(env(prod, `feature_flags/${flag.id}/state`), { enabled: true });
    await patched(env(prod, `feature_flags/${flag.id}/state`), { feature_state_value: { type: 'unicode', string_value: 'blue' } }, member.key);
    await patched(env(prod, `feature_flags/${flag.id}`), { description: 'second' }, member.key);

    const { results } = await page<Entry>(env(prod, `activity/?entity_id=${flag.id}`));
    expect(results.map((entry) => [entry.action, entry.actor?.email])).toEqual([
      ['updated', member.email],
      ['state_changed', member.email],
      ['state_changed', acme.user.email],
      ['created', acme.user.email],
    ]);
    expect(results.every((entry) => entry.kind === 'feature_flag' && entry.name === flag.key && entry.correlation_id !== null)).toBe(true);
    expect(changeOf(results[0].changes, 'description')).toEqual({ field: 'description', before: 'first', after: 'second' });
    expect(changeOf(results[1].changes, 'feature_state_value')).toEqual({ field: 'feature_state_value', before: null, after: { type: 'unicode', string_value: 'blue' } });
    expect(results[1].changes.map((change) => change.field)).toEqual(['feature_state_value']);
    expect(results[2].changes).toEqual([{ field: 'enabled', before: false, after: true }]);
    expect(results[0].actor).toEqual({ id: member.userId, email: member.email });

    const byMember = await page<Entry>(env(prod, `activity/?entity_id=${flag.id}&actor=${member.userId}`));
    expect(byMember.results.map((entry) => entry.action)).toEqual(['updated', 'state_changed']);
    const states = await page<Version>(env(prod, `feature_flags/${flag.id}/state/history/`));
    expect(states.results.map((version) => [version.version, version.actor?.email])).toEqual([[2, member.email], [1, acme.user.email]]);
  });

  it("reads a moved environment's activity under the project it is in now, though this gateway saw it in the one it left", async () => {
    const origin = await created('/api/v2/projects/', { name: unique('Origin') });
    const [moving, staying] = [
      (await post<{ id: number }>(project(Number(origin.id), 'environments/'), { name: unique('Moving') })).body.id,
      (await post<{ id: number }>(project(Number(origin.id), 'environments/'), { name: unique('Staying') })).body.id,
    ];
    const left = await created(env(staying, 'actions/'), { name: unique('origin-wide'), is_project_wide: true });
    const stays = await created(env(prod, 'actions/'), { name: unique('target-wide'), is_project_wide: true });
    const seen = async () => (await page<Entry>(env(moving, 'activity/?limit=1000'))).results.map((entry) => entry.entity_id);
    // Read twice: the second read is under the project this gateway remembers for the environment.
    expect(await seen()).toContain(left.id);
    expect(await seen()).toContain(left.id);

    const adopted = await post(project(acme.project.id, 'adopt_environment'), { environment_id: moving });
    expect(adopted.status).toBe(200);

    const after = await seen();
    expect(after).toContain(stays.id);
    expect(after).not.toContain(left.id);
  });

  it('pages with a cursor: each next URL continues where the page ended, until null', async () => {
    const action = await created(env(prod, 'actions/'), { name: unique('action') });
    for (let i = 0; i < 4; i++) await patched(env(prod, `actions/${action.id}`), { name: `renamed ${i}` });
    const seen: number[] = [];
    let next: string | null = env(prod, `actions/${action.id}/history/?limit=2`);
    while (next !== null) {
      const body: Page<Version> = await page<Version>(next);
      seen.push(...body.results.map((version) => version.version));
      next = body.next;
    }
    expect(seen).toEqual([5, 4, 3, 2, 1]);
    const first = await api.get<Body>(env(prod, `actions/${action.id}/history/1`), acme.key);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ id: action.id, name: action.name, version: 1 });
    expect(first.headers.get('etag')).toBe('W/"1"');
    expect((await api.get(env(prod, `actions/${action.id}/history/9`), acme.key)).status).toBe(404);
    expect((await api.get(env(prod, 'activity/?cursor=abc'), acme.key)).status).toBe(400);
  });

  it('restores an entity as a new change recorded as restored; a dry run answers the changes and changes nothing', async () => {
    const cohort = await created(env(prod, 'cohorts/'), { name: unique('cohort'), description: 'v1', rules: [] });
    await patched(env(prod, `cohorts/${cohort.id}`), { description: 'v2', name: 'renamed' });
    const dry = await post<{ result: Body; changes: Change[] }>(env(prod, `cohorts/${cohort.id}/restore`), { version: 1, dry_run: true });
    expect(dry.status).toBe(200);
    expect(dry.body.result).toMatchObject({ description: 'v1', name: cohort.name });
    expect(dry.body.changes).toEqual(expect.arrayContaining([{ field: 'description', before: 'v2', after: 'v1' }, { field: 'name', before: 'renamed', after: cohort.name }]));
    expect((await api.get<Body>(env(prod, `cohorts/${cohort.id}`), acme.key)).body).toMatchObject({ description: 'v2', version: 2 });

    const stale = await api.call('POST', env(prod, `cohorts/${cohort.id}/restore`), { key: acme.key, body: { version: 1 }, headers: { 'if-match': 'W/"1"' } });
    expect(stale.status).toBe(412);
    const restored = await post<{ result: Body; changes: Change[] }>(env(prod, `cohorts/${cohort.id}/restore`), { version: 1 }, member.key);
    expect(restored.status).toBe(200);
    expect(restored.body.result).toMatchObject({ description: 'v1', name: cohort.name, version: 3 });
    const [latest] = (await page<Version>(env(prod, `cohorts/${cohort.id}/history/`))).results;
    expect(latest).toMatchObject({ version: 3, action: 'restored', actor: { id: member.userId, email: member.email } });
  });

  it("refuses to restore a cohort to a version whose reference was deleted since: 400 naming the field", async () => {
    const target = await created(env(prod, 'cohorts/'), { name: unique('target'), rules: [] });
    const rules = [{ type: 'ALL', conditions: [{ property_: '', operator: 'IN_COHORT', value: target.id }] }];
    const cohort = await created(env(prod, 'cohorts/'), { name: unique('holder'), rules });
    await patched(env(prod, `cohorts/${cohort.id}`), { rules: [] });
    expect((await api.delete(env(prod, `cohorts/${target.id}`), acme.key)).status).toBe(204);

    for (const dryRun of [true, false]) {
      const refused = await post<Problem>(env(prod, `cohorts/${cohort.id}/restore`), { version: 1, dry_run: dryRun });
      expect(refused.status).toBe(400);
      expect(refused.body).toMatchObject({ type: 'validation_error', code: 'invalid_reference', attr: 'rules' });
    }
    const now = await api.get<Body>(env(prod, `cohorts/${cohort.id}`), acme.key);
    expect(now.body).toMatchObject({ rules: [], version: 2 });
  });

  it("restores a flag's state in one environment to a version", async () => {
    const flag = await created(env(prod, 'feature_flags/'), { key: unique('flag') });
    await patched(env(prod, `feature_flags/${flag.id}/state`), { enabled: true, feature_state_value: { type: 'unicode', string_value: 'a' } });
    await patched(env(prod, `feature_flags/${flag.id}/state`), { enabled: false, feature_state_value: { type: 'unicode', string_value: 'b' } });
    const one = await api.get<Body>(env(prod, `feature_flags/${flag.id}/state/history/1`), acme.key);
    expect(one.body).toMatchObject({ enabled: true, feature_state_value: { type: 'unicode', string_value: 'a' }, version: 1 });
    const restored = await post<{ result: Body; changes: Change[] }>(env(prod, `feature_flags/${flag.id}/state/restore`), { version: 1 });
    expect(restored.status).toBe(200);
    expect(restored.body.changes).toEqual([
      { field: 'enabled', before: false, after: true },
      { field: 'feature_state_value', before: { type: 'unicode', string_value: 'b' }, after: { type: 'unicode', string_value: 'a' } },
    ]);
    const state = await api.get<Body>(env(prod, `feature_flags/${flag.id}/state`), acme.key);
    expect(state.body).toMatchObject({ enabled: true, feature_state_value: { type: 'unicode', string_value: 'a' } });
    const [latest] = (await page<Entry>(env(prod, `activity/?entity_id=${flag.id}&limit=1`))).results;
    expect(latest.action).toBe('restored');
  });

  it('shows each environment its own and the project-wide changes, and hides what the caller may not see', async () => {
    const own = await created(env(secret, 'dashboards/'), { name: unique('secret-dash') });
    const shared = await created(env(prod, 'dashboards/'), { name: unique('shared'), is_project_wide: true });
    const secretLog = (await page<Entry>(env(secret, 'activity/?kind=dashboard'))).results.map((entry) => entry.entity_id);
    expect(secretLog).toEqual(expect.arrayContaining([own.id, shared.id]));
    const prodLog = (await page<Entry>(env(prod, 'activity/?kind=dashboard&limit=1000'))).results.map((entry) => entry.entity_id);
    expect(prodLog).toContain(shared.id);
    expect(prodLog).not.toContain(own.id);
    const projectLog = (await page<Entry>(project(acme.project.id, 'activity/'))).results.map((entry) => entry.entity_id);
    expect(projectLog).toContain(shared.id);
    expect(projectLog).not.toContain(own.id);

    expect((await api.get(env(secret, 'activity/'), member.key)).status).toBe(404);
    expect((await api.get(env(secret, `dashboards/${own.id}/history/`), member.key)).status).toBe(404);
    expect((await api.get(env(prod, `dashboards/${own.id}/history/`), acme.key)).status).toBe(404);
    expect((await api.get(env(prod, 'activity/'), globex.key)).status).toBe(404);
    expect((await api.get(project(acme.project.id, 'activity/'), globex.key)).status).toBe(404);
    expect((await post(env(prod, `dashboards/${shared.id}/restore`), { version: 1 }, globex.key)).status).toBe(404);

    const scoped = await post<{ value: string }>('/api/personal_api_keys/', { label: 'prod only', scoped_environments: [prod] });
    expect(scoped.status).toBe(201);
    expect((await api.get(env(prod, 'activity/'), scoped.body.value)).status).toBe(200);
    expect((await api.get(env(secret, 'activity/'), scoped.body.value)).status).toBe(404);
  });
  it("shows an environment's settings, keys and access beside its entities, merged newest first across pages", async () => {
    await patched(`/api/v2/environments/${secret}`, { timezone: 'Europe/Paris' });
    const key = await created(env(secret, 'server_keys/'), { name: 'backend' });
    const dashboard = await created(env(secret, 'dashboards/'), { name: unique('merged') });
    expect((await post(env(secret, 'access/'), { user_id: member.userId, level: 1 })).status).toBe(201);

    const { results } = await page<Entry>(env(secret, 'activity/?limit=1000'));
    expect(results.slice(0, 4).map((entry) => [entry.kind, entry.action])).toEqual([
      ['access_grant', 'access_granted'],
      ['dashboard', 'created'],
      ['server_key', 'created'],
      ['environment', 'updated'],
    ]);
    expect(results[0]).toMatchObject({ entity_id: member.userId, changes: [{ field: 'level', before: null, after: 1 }], actor: { id: acme.user.id, email: acme.user.email } });
    expect(results[1].entity_id).toBe(dashboard.id);
    expect(results[2]).toMatchObject({ entity_id: key.id, name: 'backend' });
    expect(results[3].changes).toEqual([{ field: 'timezone', before: 'UTC', after: 'Europe/Paris' }]);
    expect(JSON.stringify(results)).not.toContain('ser.');

    expect(await walk(env(secret, 'activity/?limit=3'))).toEqual(results.map((entry) => entry.id));

    const projectLog = (await page<Entry>(project(acme.project.id, 'activity/?kind=environment'))).results;
    expect(projectLog.map((entry) => [entry.entity_id, entry.action])).toEqual(expect.arrayContaining([[String(secret), 'created'], [String(secret), 'updated']]));
    const memberView = (await page<Entry>(project(acme.project.id, 'activity/?kind=environment&limit=1000'), member.key)).results;
    expect(memberView.map((entry) => entry.entity_id)).toContain(String(secret));
    expect((await api.get(env(secret, 'activity/?cursor=1.2.3.4'), acme.key)).status).toBe(400);
  });

  it("shows taxonomy's changes in the project's activity: a definition a user labelled, with the email and before/after, in order across the three logs", async () => {
    const name = unique('signed_up');
    const definitions = project(acme.project.id, `event_definitions/?search=${name}`);
    expect((await api.post('/i/v0/resolve', undefined, { events: [{ token: acme.environment.api_token, event: name, distinct_id: 'u1' }] })).status).toBe(200);
    const definition = await eventually(async () => {
      const [found] = (await page<Body>(definitions)).results;
      if (found === undefined) throw new Error(`${name} not defined yet`);
      return found;
    });
    await patched(`/api/v2/environments/${secret}`, { name: unique('Secret') });
    await created(env(prod, 'dashboards/'), { name: unique('wide'), is_project_wide: true });
    await patched(project(acme.project.id, `event_definitions/${definition.id}`), { description: 'A signup' }, member.key);

    const { results } = await page<Entry>(project(acme.project.id, 'activity/?limit=1000'));
    expect(results.slice(0, 3).map((entry) => [entry.kind, entry.action])).toEqual([['event_definition', 'updated'], ['dashboard', 'created'], ['environment', 'updated']]);
    expect(results[0]).toMatchObject({ entity_id: definition.id, name, actor: { id: member.userId, email: member.email }, changes: [{ field: 'description', before: '', after: 'A signup' }] });
    const discovered = results.find((entry) => entry.entity_id === definition.id && entry.action === 'created');
    expect(discovered).toMatchObject({ kind: 'event_definition', actor: null, changes: expect.arrayContaining([{ field: 'name', before: null, after: name }]) });
    expect((await page<Entry>(env(prod, `activity/?entity_id=${definition.id}`))).results.map((entry) => entry.action)).toEqual(['updated', 'created']);

    expect(await walk(project(acme.project.id, 'activity/?limit=2'))).toEqual(results.map((entry) => entry.id));
    // A cursor given before taxonomy joined continues over the two logs it named.
    const twoLogs = (await page<Entry>(project(acme.project.id, 'activity/?limit=1000&cursor=.'))).results;
    expect(twoLogs.map((entry) => entry.id)).toEqual(results.filter((entry) => !entry.kind.endsWith('_definition') && entry.kind !== 'group_type').map((entry) => entry.id));
    expect((await api.get(project(acme.project.id, 'activity/?kind=event_definition'), globex.key)).status).toBe(404);
  });
});
