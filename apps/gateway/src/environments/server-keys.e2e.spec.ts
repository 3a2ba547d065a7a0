import { type Account, addMember, gatewayForSpecs, type ListBody, signup } from '../testing/api-client';

type ServerKey = { id: string; name: string; visible_prefix: string; created_at: string; key?: string };
type Environment = { id: number; name: string };

describe('server-side SDK keys over HTTP (SPEC §4.5)', () => {
  const { api } = gatewayForSpecs({ apps: ['gateway', 'projects'] });
  let acme: Account;
  let member: { key: string; userId: string };
  let outsider: Account;
  let staging: Environment;

  beforeAll(async () => {
    acme = await signup(api, 'keys');
    member = await addMember(api, acme, 1);
    outsider = await signup(api, 'keys-outsider');
    staging = (await api.post<Environment>(`/api/v2/projects/${acme.project.id}/environments/`, acme.key, { name: 'Staging' })).body;
  });

  const keysPath = (environmentId: number, rest = '') => `/api/v2/environments/${environmentId}/server_keys/${rest}`;
  const listed = async (environmentId: number) => (await api.get<ListBody<ServerKey>>(keysPath(environmentId), acme.key)).body.results;

  it('lets an admin create a key, shown once, and list it without its secret', async () => {
    const created = await api.post<ServerKey>(keysPath(staging.id), acme.key, { name: 'backend' });

    expect(created.status).toBe(201);
    expect(created.body.key).toMatch(/^ser\.[A-Za-z0-9_-]{43}$/);
    expect(created.body.visible_prefix).toBe(created.body.key!.slice(0, 8));
    const list = await api.get<ListBody<ServerKey>>(keysPath(staging.id), acme.key);
    expect(list.status).toBe(200);
    expect(list.body).toMatchObject({ count: 1, next: null, previous: null });
    expect(list.body.results).toEqual([{ id: created.body.id, name: 'backend', visible_prefix: created.body.visible_prefix, created_at: created.body.created_at }]);
    expect(JSON.stringify(list.body)).not.toContain(created.body.key);
  });

  it('answers the legacy /api/projects/… path with the same keys', async () => {
    const legacy = await api.get<ListBody<ServerKey>>(`/api/projects/${staging.id}/server_keys/`, acme.key);

    expect(legacy.status).toBe(200);
    expect(legacy.body.results).toEqual(await listed(staging.id));
  });

  it('refuses a member who sees the environment (403) and hides it from an outsider (404)', async () => {
    expect((await api.get(keysPath(staging.id), member.key)).status).toBe(403);
    expect((await api.post(keysPath(staging.id), member.key, { name: 'nope' })).status).toBe(403);
    expect((await api.get(keysPath(staging.id), outsider.key)).status).toBe(404);
    expect((await api.post(keysPath(staging.id), outsider.key, { name: 'nope' })).status).toBe(404);
  });

  it('validates the name', async () => {
    const blank = await api.post(keysPath(staging.id), acme.key, { name: '  ' });

    expect(blank.status).toBe(400);
    expect(blank.body).toMatchObject({ type: 'validation_error', attr: 'name' });
  });

  it('revokes a key, only through its own environment', async () => {
    const { id } = (await api.post<ServerKey>(keysPath(staging.id), acme.key, { name: 'rotating' })).body;

    expect((await api.delete(keysPath(acme.environment.id, id), acme.key)).status).toBe(404);
    expect((await api.delete(keysPath(staging.id, id), member.key)).status).toBe(403);
    expect((await listed(staging.id)).map((key) => key.id)).toContain(id);
    expect((await api.delete(keysPath(staging.id, id), acme.key)).status).toBe(204);
    expect((await listed(staging.id)).map((key) => key.id)).not.toContain(id);
    expect((await api.delete(keysPath(staging.id, id), acme.key)).status).toBe(404);
  });
});
