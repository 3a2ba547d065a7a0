import { type Account, gatewayForSpecs, signup } from '../testing/api-client';

describe('the HTTP edge (SPEC §4 errors)', () => {
  const { system, api } = gatewayForSpecs({ apps: ['gateway', 'projects'] });
  let acme: Account;

  beforeAll(async () => {
    acme = await signup(api, 'edge');
  });

  const environments = () => `/api/v2/projects/${acme.project.id}/environments/`;

  it('refuses malformed JSON with 400', async () => {
    const answer = await api.call('POST', environments(), { key: acme.key, raw: '{"name": "x",' });

    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({ type: 'validation_error', attr: null });
  });

  it('refuses a wrong type, naming the field', async () => {
    const answer = await api.post(environments(), acme.key, { name: 'Typed', app_urls: 'https://a.example.com' });

    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({ type: 'validation_error', attr: 'app_urls' });
  });

  it('refuses an unknown field, naming it', async () => {
    const answer = await api.patch(`/api/v2/projects/${acme.project.id}`, acme.key, { name: 'x', colour: 'red' });

    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({ type: 'validation_error', attr: 'colour', errors: [{ attr: 'colour' }] });
  });

  it('refuses a missing field and a bad query parameter, naming them', async () => {
    expect((await api.post(environments(), acme.key, {})).body).toMatchObject({ attr: 'name' });
    expect((await api.get('/api/v2/projects/?limit=5000', acme.key)).body).toMatchObject({ type: 'validation_error', attr: 'limit' });
    expect((await api.get('/api/v2/projects/?colour=red', acme.key)).body).toMatchObject({ attr: 'colour' });
  });

  it('answers 404 for ids that cannot exist and for unknown routes, with the SPEC body', async () => {
    expect((await api.get('/api/v2/environments/abc', acme.key)).status).toBe(404);
    expect((await api.get('/api/v2/environments/999999999', acme.key)).body).toEqual({ type: 'invalid_request', code: 'not_found', detail: expect.any(String), attr: null });
    expect((await api.get('/api/v2/nothing', acme.key)).status).toBe(404);
  });

  it('refuses an If-Match that is not one of its ETags with 412', async () => {
    const answer = await api.patch(`/api/v2/projects/${acme.project.id}`, acme.key, { name: 'x' }, 'something-else');

    expect(answer.status).toBe(412);
  });

  it('echoes the caller’s correlation id, and makes one otherwise', async () => {
    const given = await api.call('GET', '/api/users/@me', { key: acme.key, headers: { 'x-correlation-id': 'trace-123' } });
    const made = await api.get('/api/users/@me', acme.key);

    expect(given.headers.get('x-correlation-id')).toBe('trace-123');
    expect(made.headers.get('x-correlation-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('never writes a key into the logs', async () => {
    await api.get('/api/users/@me', acme.key);
    await api.get('/api/users/@me', `phx_${'z'.repeat(43)}`);

    const logs = [...system.output('gateway'), ...system.output('projects')].join('\n');
    expect(logs).not.toContain(acme.key);
    expect(logs).not.toContain(`phx_${'z'.repeat(43)}`);
  });
});

describe('a gateway with a small body limit, sign-up off and no projects service', () => {
  const { api } = gatewayForSpecs({ apps: ['gateway'], env: { BODY_LIMIT_BYTES: '2048', SIGNUP_ENABLED: 'false', RPC_TIMEOUT_MS: '1000' } });

  it('refuses a body over the limit with 413', async () => {
    const answer = await api.call('POST', '/api/v2/projects/', { key: `phx_${'a'.repeat(43)}`, body: { name: 'x'.repeat(4096) } });

    expect(answer.status).toBe(413);
    expect(answer.body).toMatchObject({ type: 'invalid_request', code: 'payload_too_large' });
  });

  it('answers sign-up with 403 while it is switched off', async () => {
    const answer = await api.post('/api/signup', undefined, { email: 'a@example.com', organization_name: 'Closed' });

    expect(answer.status).toBe(403);
    expect(answer.body).toMatchObject({ type: 'authentication_error', code: 'permission_denied' });
  });

  it('answers 503 when the service behind a route does not answer', async () => {
    const answer = await api.get('/api/v2/projects/', `phx_${'a'.repeat(43)}`);

    expect(answer.status).toBe(503);
    expect(answer.body).toEqual({ type: 'server_error', code: 'unavailable', detail: expect.any(String), attr: null });
  });
});
