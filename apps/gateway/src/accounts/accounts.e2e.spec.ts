import { projects } from '@strata/contracts';
import { type Account, addMember, gatewayForSpecs, type ListBody, signup } from '../testing/api-client';

describe('accounts over HTTP (SPEC §4.1)', () => {
  const { api } = gatewayForSpecs({ apps: ['gateway', 'projects'] });
  let acme: Account;

  beforeAll(async () => {
    acme = await signup(api, 'acme');
  });

  it('signs up an organization, its owner, a project with one Production environment sharing its id, and a key', () => {
    expect(acme.key).toMatch(/^phx_/);
    expect(acme.keyId).toEqual(expect.any(String));
    expect(acme.project.id).toBe(acme.environment.id);
    expect(acme.environment).toMatchObject({ name: 'Production', api_token: expect.stringMatching(/^phc_/) });
    expect(acme.project.environments).toEqual([{ id: acme.environment.id, name: 'Production' }]);
  });

  it('refuses a signup with a missing or malformed field', async () => {
    const answer = await api.post('/api/signup', undefined, { email: 'not-an-email', organization_name: 'x' });

    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({ type: 'validation_error', attr: 'email' });
  });

  it('tells the key’s user and their organizations with levels', async () => {
    const me = await api.get('/api/users/@me', acme.key);

    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ id: acme.user.id, email: acme.user.email, organizations: [{ id: acme.organization.id, level: 15 }] });
  });

  it('shows an organization to its members and to nobody else', async () => {
    const outsider = await signup(api, 'outsider');

    expect((await api.get(`/api/organizations/${acme.organization.id}`, acme.key)).body).toMatchObject({ id: acme.organization.id });
    expect((await api.get(`/api/organizations/${acme.organization.id}`, outsider.key)).status).toBe(404);
    expect((await api.get('/api/organizations/not-a-uuid', acme.key)).status).toBe(404);
  });

  it('lets an admin add members, lists them with levels, and refuses a member adding one', async () => {
    const member = await addMember(api, acme, 1);
    const members = await api.get<ListBody<{ user: { id: string }; level: number }>>(`/api/organizations/${acme.organization.id}/members/`, acme.key);
    const byMember = await api.post(`/api/organizations/${acme.organization.id}/members/`, member.key, { email: 'x@example.com', level: 1 });

    expect(members.status).toBe(200);
    expect(members.body.results.map((m) => [m.user.id, m.level])).toEqual(expect.arrayContaining([[acme.user.id, 15], [member.userId, 1]]));
    expect(byMember.status).toBe(403);
    expect(byMember.body).toMatchObject({ type: 'authentication_error', code: 'permission_denied' });
  });

  it('changes a level with If-Match, refusing a stale one with 412', async () => {
    const member = await addMember(api, acme, 1);
    const path = `/api/organizations/${acme.organization.id}/members/${member.userId}`;
    const promoted = await api.patch(path, acme.key, { level: 8 });
    const etag = promoted.headers.get('etag')!;
    const stale = await api.patch(path, acme.key, { level: 1 }, 'W/"0"');
    const current = await api.patch(path, acme.key, { level: 1 }, etag);

    expect(promoted.status).toBe(200);
    expect(promoted.body).toMatchObject({ level: 8 });
    expect(etag).toMatch(/^W\/"\d+"$/);
    expect(stale.status).toBe(412);
    expect(stale.body).toMatchObject({ code: 'precondition_failed' });
    expect(current.status).toBe(200);
  });

  it('removes a member, who then sees nothing of the organization', async () => {
    const member = await addMember(api, acme, 1);
    expect((await api.get(`/api/v2/projects/${acme.project.id}`, member.key)).status).toBe(200);

    const removed = await api.delete(`/api/organizations/${acme.organization.id}/members/${member.userId}`, acme.key);

    expect(removed.status).toBe(204);
    expect((await api.get(`/api/v2/projects/${acme.project.id}`, member.key)).status).toBe(404);
    expect((await api.get(`/api/organizations/${acme.organization.id}`, member.key)).status).toBe(404);
  });

  it('creates a personal API key shown once, which works at once', async () => {
    const created = await api.post('/api/personal_api_keys/', acme.key, { label: 'ci' });

    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ label: 'ci', value: expect.stringMatching(/^phx_/), visible_prefix: expect.stringMatching(/^phx_/) });
    expect((await api.get('/api/users/@me', created.body.value as string)).status).toBe(200);
  });

  it('fails a revoked key with 401 on its very next use, though it was cached', async () => {
    const created = await api.post('/api/personal_api_keys/', acme.key, { label: 'short-lived' });
    const key = created.body.value as string;
    for (let i = 0; i < 3; i++) expect((await api.get('/api/users/@me', key)).status).toBe(200);

    const revoked = await api.delete(`/api/personal_api_keys/${created.body.id as string}`, acme.key);
    const next = await api.get('/api/users/@me', key);

    expect(revoked.status).toBe(204);
    expect(next.status).toBe(401);
    expect(next.body).toMatchObject({ type: 'authentication_error' });
  });

  it('lists the caller’s own working keys without secrets, and never another user’s', async () => {
    const owner = await signup(api, 'lister');
    const other = await signup(api, 'stranger');
    const ci = await api.post<{ id: string; value: string }>('/api/personal_api_keys/', owner.key, { label: 'ci', scoped_environments: [owner.environment.id] });
    const gone = await api.post<{ id: string }>('/api/personal_api_keys/', owner.key, { label: 'gone' });
    await api.delete(`/api/personal_api_keys/${gone.body.id}`, owner.key);

    const listed = await api.get<ListBody<Record<string, unknown>>>('/api/personal_api_keys/', owner.key);
    const byScopedKey = await api.get<ListBody<{ id: string }>>('/api/personal_api_keys/', ci.body.value);
    const byStranger = await api.get<ListBody<{ id: string }>>('/api/personal_api_keys/', other.key);

    expect(listed.status).toBe(200);
    expect(listed.body.count).toBe(2);
    expect(listed.body.results).toEqual([
      { id: owner.keyId, label: 'Personal API key', visible_prefix: projects.visiblePrefixOf(owner.key), scoped_organizations: null, scoped_environments: null, created_at: expect.any(String) },
      { id: ci.body.id, label: 'ci', visible_prefix: projects.visiblePrefixOf(ci.body.value), scoped_organizations: null, scoped_environments: [owner.environment.id], created_at: expect.any(String) },
    ]);
    expect(JSON.stringify(listed.body)).not.toContain(owner.key);
    expect(byScopedKey.body.results.map((key) => key.id)).toEqual([owner.keyId, ci.body.id]);
    expect(byStranger.body.results.map((key) => key.id)).toEqual([other.keyId]);
  });

  it('lets only a key’s owner revoke it', async () => {
    const created = await api.post('/api/personal_api_keys/', acme.key, { label: 'mine' });
    const other = await signup(api, 'other');

    expect((await api.delete(`/api/personal_api_keys/${created.body.id as string}`, other.key)).status).toBe(404);
    expect((await api.get('/api/users/@me', created.body.value as string)).status).toBe(200);
  });

  it('lets a key revoke only keys that reach no further than itself', async () => {
    const scoped = await api.post('/api/personal_api_keys/', acme.key, { label: 'env only', scoped_environments: [acme.environment.id] });
    const scopedKey = scoped.body.value as string;
    const wide = await api.post('/api/personal_api_keys/', acme.key, { label: 'wide' });

    const refused = await api.delete(`/api/personal_api_keys/${wide.body.id as string}`, scopedKey);
    expect(refused.status).toBe(403);
    expect(refused.body).toMatchObject({ code: 'permission_denied' });
    expect((await api.get('/api/users/@me', wide.body.value as string)).status).toBe(200);
    expect((await api.get('/api/users/@me', acme.key)).status).toBe(200);

    expect((await api.delete(`/api/personal_api_keys/${scoped.body.id as string}`, wide.body.value as string)).status).toBe(204);
    expect((await api.get('/api/users/@me', scopedKey)).status).toBe(401);
  });

  it('hands out no key when an existing user is added: an admin gets nothing that could reach the user’s own keys', async () => {
    const globex = await signup(api, 'globex');
    const added = await api.post(`/api/organizations/${acme.organization.id}/members/`, acme.key, { email: globex.user.email, level: 1 });

    expect(added.status).toBe(201);
    expect(added.body).toMatchObject({ user: { id: globex.user.id }, level: 1, personal_api_key: null, personal_api_key_id: null });
    expect((await api.get('/api/users/@me', globex.key)).body).toMatchObject({ id: globex.user.id });
  });

  it('refuses a scope that names nothing instead of reading it as "everything"', async () => {
    for (const scope of ['scoped_environments', 'scoped_organizations']) {
      const answer = await api.post('/api/personal_api_keys/', acme.key, { label: 'empty', [scope]: [] });
      expect(answer.status).toBe(400);
      expect(answer.body).toMatchObject({ type: 'validation_error', attr: scope });
    }
  });

  it('answers 401 for no key and a bad key', async () => {
    const none = await api.get('/api/users/@me');
    const bad = await api.get('/api/users/@me', `phx_${'x'.repeat(43)}`);

    expect(none.status).toBe(401);
    expect(none.body).toEqual({ type: 'authentication_error', code: expect.any(String), detail: expect.any(String), attr: null });
    expect(bad.status).toBe(401);
  });
});
