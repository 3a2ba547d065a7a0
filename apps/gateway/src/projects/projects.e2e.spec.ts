import { type Account, addMember, gatewayForSpecs, type ListBody, signup } from '../testing/api-client';

type Project = { id: number; name: string; organization_id: string; environments: Array<{ id: number; name: string }> };
type Environment = { id: number; name: string; project_id: number; api_token: string };

describe('projects over HTTP (SPEC §4.2)', () => {
  const { api } = gatewayForSpecs({ apps: ['gateway', 'projects'] });
  let acme: Account;
  let outsider: Account;
  let member: { key: string; userId: string };

  beforeAll(async () => {
    [acme, outsider] = await Promise.all([signup(api, 'acme'), signup(api, 'outsider')]);
    member = await addMember(api, acme, 1);
  });

  const createProject = (name: string, key = acme.key) => api.post<Project>('/api/v2/projects/', key, { name });

  it('creates a project with its default environment, sharing its id', async () => {
    const created = await createProject('Web');

    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: 'Web', organization_id: acme.organization.id, environments: [{ id: created.body.id }] });
    expect(created.headers.get('etag')).toMatch(/^W\/"\d+"$/);
  });

  it('lists the projects visible to the key, paginated, with or without the trailing slash', async () => {
    await createProject('Listed');
    const all = await api.get<ListBody<Project>>('/api/v2/projects/', acme.key);
    const page = await api.get<ListBody<Project>>('/api/v2/projects?limit=1', acme.key);

    expect(all.status).toBe(200);
    expect(all.body.results.every((p) => p.organization_id === acme.organization.id)).toBe(true);
    expect(all.body.count).toBeGreaterThanOrEqual(2);
    expect(page.body.results).toHaveLength(1);
    expect(page.body.next).toBe('/api/v2/projects?limit=1&offset=1');
    expect(page.body.previous).toBeNull();
  });

  it('reads a project with its ETag and renames it', async () => {
    const read = await api.get<Project>(`/api/v2/projects/${acme.project.id}`, acme.key);
    const renamed = await api.patch<Project>(`/api/v2/projects/${acme.project.id}`, member.key, { name: 'Renamed' }, read.headers.get('etag')!);

    expect(read.status).toBe(200);
    expect(read.headers.get('etag')).toMatch(/^W\/"\d+"$/);
    expect(renamed.status).toBe(200);
    expect(renamed.body.name).toBe('Renamed');
  });

  it('refuses a rename with a stale If-Match with 412 and changes nothing', async () => {
    const { body: before } = await api.get<Project>(`/api/v2/projects/${acme.project.id}`, acme.key);
    const stale = await api.patch(`/api/v2/projects/${acme.project.id}`, acme.key, { name: 'Never' }, 'W/"0"');
    const { body: after } = await api.get<Project>(`/api/v2/projects/${acme.project.id}`, acme.key);

    expect(stale.status).toBe(412);
    expect(stale.body).toMatchObject({ type: 'invalid_request', code: 'precondition_failed' });
    expect(after.name).toBe(before.name);
  });

  it('hides a project and its environments from a user outside the organization (404)', async () => {
    expect((await api.get(`/api/v2/projects/${acme.project.id}`, outsider.key)).status).toBe(404);
    expect((await api.get(`/api/v2/projects/${acme.project.id}/environments/`, outsider.key)).status).toBe(404);
    expect((await api.get(`/api/v2/environments/${acme.environment.id}`, outsider.key)).status).toBe(404);
    expect((await api.patch(`/api/v2/projects/${acme.project.id}`, outsider.key, { name: 'x' })).status).toBe(404);
    const list = await api.get<ListBody<Project>>('/api/v2/projects/', outsider.key);
    expect(list.body.results.map((p) => p.id)).not.toContain(acme.project.id);
  });

  it('lets only admins create projects and environments (403 for a member)', async () => {
    const project = await createProject('By member', member.key);
    const environment = await api.post(`/api/v2/projects/${acme.project.id}/environments/`, member.key, { name: 'Member env' });

    expect(project.status).toBe(403);
    expect(environment.status).toBe(403);
    expect(environment.body).toMatchObject({ type: 'authentication_error', code: 'permission_denied' });
  });

  it('creates environments with fresh tokens, unique per project case-insensitively', async () => {
    const [first, second] = [(await createProject('First')).body, (await createProject('Second')).body];
    const staging = await api.post<Environment>(`/api/v2/projects/${first.id}/environments/`, acme.key, { name: 'Staging' });
    const duplicate = await api.post(`/api/v2/projects/${first.id}/environments`, acme.key, { name: 'staging' });
    const elsewhere = await api.post<Environment>(`/api/v2/projects/${second.id}/environments/`, acme.key, { name: 'Staging' });

    expect(staging.status).toBe(201);
    expect(staging.body).toMatchObject({ name: 'Staging', project_id: first.id, api_token: expect.stringMatching(/^phc_/) });
    expect(duplicate.status).toBe(409);
    expect(duplicate.body).toMatchObject({ type: 'invalid_request' });
    expect(elsewhere.status).toBe(201);
    expect(elsewhere.body.api_token).not.toBe(staging.body.api_token);
  });

  it('lists a project’s environments', async () => {
    const project = (await createProject('Listing')).body;
    await api.post(`/api/v2/projects/${project.id}/environments/`, acme.key, { name: 'Dev' });
    const list = await api.get<ListBody<Environment>>(`/api/v2/projects/${project.id}/environments/`, acme.key);

    expect(list.status).toBe(200);
    expect(list.body.results.map((e) => e.name).sort()).toEqual(['Dev', 'Production']);
    expect(list.body.results.every((e) => e.project_id === project.id)).toBe(true);
  });

  it('refuses to delete a project’s last environment (400)', async () => {
    const project = (await createProject('Single')).body;
    const refused = await api.delete(`/api/v2/environments/${project.environments[0].id}`, acme.key);

    expect(refused.status).toBe(400);
    expect(refused.body).toMatchObject({ type: 'validation_error' });
    expect((await api.get(`/api/v2/environments/${project.environments[0].id}`, acme.key)).status).toBe(200);
  });

  it('deletes a project with its environments, admins only', async () => {
    const project = (await createProject('Doomed')).body;
    const byMember = await api.delete(`/api/v2/projects/${project.id}`, member.key);
    const deleted = await api.delete(`/api/v2/projects/${project.id}`, acme.key);

    expect(byMember.status).toBe(403);
    expect(deleted.status).toBe(204);
    expect((await api.get(`/api/v2/projects/${project.id}`, acme.key)).status).toBe(404);
    expect((await api.get(`/api/v2/environments/${project.environments[0].id}`, acme.key)).status).toBe(404);
  });
});
