import { type Account, addMember, gatewayForSpecs, type ListBody, signup } from '../testing/api-client';
import { CREATE_UNDER_PROJECT } from './environments.routes';

type Environment = { id: number; name: string; project_id: number; api_token: string; timezone: string; access_control: boolean };

describe('environments over HTTP (SPEC §4.2)', () => {
  const { api } = gatewayForSpecs({ apps: ['gateway', 'projects'] });
  let acme: Account;
  let member: { key: string; userId: string };
  let staging: Environment;

  beforeAll(async () => {
    acme = await signup(api, 'acme');
    member = await addMember(api, acme, 1);
    staging = (await api.post<Environment>(`/api/v2/projects/${acme.project.id}/environments/`, acme.key, { name: 'Staging' })).body;
  });

  const envPath = (id: number, rest = '') => `/api/v2/environments/${id}${rest}`;
  const visibleIds = async (key: string) => (await api.get<ListBody<Environment>>('/api/v2/environments/', key)).body.results.map((e) => e.id);

  it('lists every environment visible to the key', async () => {
    const list = await api.get<ListBody<Environment>>('/api/v2/environments', acme.key);

    expect(list.status).toBe(200);
    expect(list.body.results.map((e) => e.id).sort()).toEqual([acme.environment.id, staging.id].sort());
  });

  it('reads an environment with the SPEC body and its ETag', async () => {
    const read = await api.get<Environment>(envPath(staging.id), member.key);

    expect(read.status).toBe(200);
    expect(read.headers.get('etag')).toMatch(/^W\/"\d+"$/);
    for (const field of ['id', 'uuid', 'project_id', 'organization_id', 'name', 'api_token', 'access_control', 'app_urls', 'recording_domains', 'timezone', 'created_at']) {
      expect(read.body).toHaveProperty(field);
    }
  });

  it('changes settings, refusing a stale If-Match with 412 and changing nothing', async () => {
    const read = await api.get<Environment>(envPath(staging.id), acme.key);
    const changed = await api.patch<Environment>(envPath(staging.id), acme.key, { timezone: 'Europe/Paris' }, read.headers.get('etag')!);
    const stale = await api.patch(envPath(staging.id), acme.key, { timezone: 'Asia/Tokyo' }, read.headers.get('etag')!);

    expect(changed.status).toBe(200);
    expect(changed.body.timezone).toBe('Europe/Paris');
    expect(stale.status).toBe(412);
    expect((await api.get<Environment>(envPath(staging.id), acme.key)).body.timezone).toBe('Europe/Paris');
  });

  it('refuses creating an environment outside a project with the SPEC’s message', async () => {
    const answer = await api.post('/api/v2/environments/', acme.key, { name: 'Loose' });

    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({ type: 'validation_error', detail: CREATE_UNDER_PROJECT });
    expect(CREATE_UNDER_PROJECT).toBe(
      'Environments must be created under a specific project. Send the POST request to /api/v2/projects/<project_id>/environments/ instead.',
    );
  });

  it('answers the legacy /api/projects/… path with the same environment routes', async () => {
    const legacy = await api.get<Environment>(`/api/projects/${staging.id}`, acme.key);
    const list = await api.get<ListBody<Environment>>('/api/projects/', acme.key);
    const renamed = await api.patch<Environment>(`/api/projects/${staging.id}`, acme.key, { name: 'Staging EU' });

    expect(legacy.status).toBe(200);
    expect(legacy.body.id).toBe(staging.id);
    expect(list.body.results.map((e) => e.id)).toContain(staging.id);
    expect(renamed.body.name).toBe('Staging EU');
  });

  it('resets the token for an admin, never for a member', async () => {
    const byMember = await api.post(envPath(staging.id, '/reset_token'), member.key);
    const before = (await api.get<Environment>(envPath(staging.id), acme.key)).body.api_token;
    const reset = await api.post<Environment>(envPath(staging.id, '/reset_token'), acme.key);

    expect(byMember.status).toBe(403);
    expect(reset.status).toBe(200);
    expect(reset.body.api_token).toMatch(/^phc_/);
    expect(reset.body.api_token).not.toBe(before);
  });

  it('hides a restricted environment from a member until granted, and again once the grant is withdrawn', async () => {
    const secret = (await api.post<Environment>(`/api/v2/projects/${acme.project.id}/environments/`, acme.key, { name: 'Secret', access_control: true })).body;
    expect(await visibleIds(member.key)).not.toContain(secret.id);
    expect((await api.get(envPath(secret.id), member.key)).status).toBe(404);

    const granted = await api.post(envPath(secret.id, '/access/'), acme.key, { user_id: member.userId, level: 1 });
    const grants = await api.get<ListBody<{ user_id: string; level: number }>>(envPath(secret.id, '/access/'), acme.key);
    expect(granted.status).toBe(201);
    expect(grants.body.results).toEqual([{ user_id: member.userId, level: 1 }]);
    expect(await visibleIds(member.key)).toContain(secret.id);
    expect((await api.get(envPath(secret.id), member.key)).status).toBe(200);

    const withdrawn = await api.delete(envPath(secret.id, '/access/'), acme.key, { body: { user_id: member.userId } });
    expect(withdrawn.status).toBe(204);
    expect((await api.get(envPath(secret.id), member.key)).status).toBe(404);
  });

  it('lets only admins manage grants', async () => {
    const answer = await api.post(envPath(staging.id, '/access/'), member.key, { user_id: member.userId, level: 8 });

    expect(answer.status).toBe(403);
  });

  it('shows a key scoped to one environment only that environment', async () => {
    const scoped = await api.post('/api/personal_api_keys/', acme.key, { label: 'staging only', scoped_environments: [staging.id] });
    const key = scoped.body.value as string;

    expect(scoped.status).toBe(201);
    expect(await visibleIds(key)).toEqual([staging.id]);
    expect((await api.get(envPath(acme.environment.id), key)).status).toBe(404);
  });

  it('deletes an environment (admins only) while its project keeps another', async () => {
    const doomed = (await api.post<Environment>(`/api/v2/projects/${acme.project.id}/environments/`, acme.key, { name: 'Doomed' })).body;

    expect((await api.delete(envPath(doomed.id), member.key)).status).toBe(403);
    expect((await api.delete(envPath(doomed.id), acme.key)).status).toBe(204);
    expect((await api.get(envPath(doomed.id), acme.key)).status).toBe(404);
  });
});
