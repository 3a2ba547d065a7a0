import { MAX_JSON_DEPTH } from '@strata/contracts';
import { eventually } from '@strata/testing';
import { type Account, gatewayForSpecs, signup } from '../testing/api-client';
import { rawHttp } from '../testing/raw-http';

const SPEC_ERROR = { type: expect.any(String), code: expect.any(String), detail: expect.any(String) };

/** `{"a": {"a": … 1 …}}`, written as text: the test's own JSON.stringify would overflow long before 5,000 levels. */
function nestedJson(levels: number): string {
  return `${'{"a":'.repeat(levels)}1${'}'.repeat(levels)}`;
}

describe('hostile input at the edge (issue 8: findings 4, 6, 7)', () => {
  const { system, api } = gatewayForSpecs();
  let acme: Account;

  beforeAll(async () => {
    acme = await signup(api, 'hostile');
    // A new token reaches the mapper's tables asynchronously (within a second, later on a loaded machine).
    await eventually(async () => expect((await resolve(`{"events":[${event('')}]}`)).body.results[0]).toMatchObject({ ok: true }));
  });

  const environments = () => `/api/v2/projects/${acme.project.id}/environments/`;
  const resolve = (raw: string) => api.call<{ results: Array<{ ok: boolean; error?: string }> }>('POST', '/i/v0/resolve', { raw });
  const event = (extra: string) => `{"token":"${acme.environment.api_token}","event":"e","distinct_id":"u"${extra}}`;

  it('answers a body that is not JSON with 415 and the SPEC body, on every route with a body', async () => {
    const bodies: Array<[string, string]> = [
      ['multipart/form-data; boundary=x', '--x\r\nContent-Disposition: form-data; name="name"\r\n\r\nStaging\r\n--x--\r\n'],
      ['application/xml', '<name>Staging</name>'],
      ['application/x-www-form-urlencoded', 'name=Staging'],
      ['text/plain', '{"name":"Staging"}'],
    ];
    for (const [type, raw] of bodies) {
      const answer = await api.call('POST', environments(), { key: acme.key, raw, headers: { 'content-type': type } });
      expect({ type, status: answer.status, body: answer.body }).toEqual({ type, status: 415, body: { ...SPEC_ERROR, type: 'invalid_request', code: 'unsupported_media_type', attr: null } });
    }
    const signup = await api.call('POST', '/api/signup', { raw: '<a/>', headers: { 'content-type': 'application/xml' } });
    expect(signup.status).toBe(415);
  });

  it('refuses a NUL or an unpaired surrogate in any stored string with 400 naming the field', async () => {
    const cases: Array<[string, string, Record<string, unknown>, string]> = [
      ['POST', '/api/signup', { email: 'nul@example.com', first_name: 'a\u0000', organization_name: 'Nul' }, 'first_name'],
      ['POST', '/api/signup', { email: 'sur@example.com', organization_name: '\ud800' }, 'organization_name'],
      ['POST', '/api/personal_api_keys/', { label: 'k\u0000' }, 'label'],
      ['POST', '/api/v2/projects/', { name: 'p\udc00' }, 'name'],
      ['POST', environments(), { name: 'Staging', banner_text: 'hi\u0000' }, 'banner_text'],
      ['PATCH', `/api/v2/environments/${acme.environment.id}`, { name: 'x\u0000y' }, 'name'],
      ['PATCH', `/api/v2/projects/${acme.project.id}/group_types/0`, { name_singular: 'g\u0000' }, 'name_singular'],
      ['PATCH', `/api/v2/projects/${acme.project.id}/event_definitions/0190f3a2-0000-7000-8000-000000000000`, { description: '\ud83d' }, 'description'],
    ];
    for (const [method, path, body, attr] of cases) {
      const answer = await api.call(method, path, { key: acme.key, body });
      expect({ path, status: answer.status, body: answer.body }).toEqual({ path, status: 400, body: { ...SPEC_ERROR, type: 'validation_error', code: 'unstorable_text', attr, errors: undefined } });
    }
  });

  it('refuses ?search=%00 on taxonomy lists with 400', async () => {
    for (const list of ['event_definitions', 'property_definitions']) {
      const answer = await api.get(`/api/v2/projects/${acme.project.id}/${list}/?search=%00`, acme.key);
      expect(answer.status).toBe(400);
      expect(answer.body).toMatchObject({ type: 'validation_error', attr: 'search' });
    }
  });

  it(`answers an event nested deeper than ${MAX_JSON_DEPTH} levels on its own, and resolves the rest of its batch`, async () => {
    const answer = await resolve(`{"events":[${event(`,"properties":${nestedJson(5_000)}`)},${event('')}]}`);
    expect(answer.status).toBe(200);
    expect(answer.body.results[0]).toEqual({ ok: false, error: 'too_deep' });
    expect(answer.body.results[1]).toMatchObject({ ok: true, team_id: acme.environment.id });
    const within = await resolve(`{"events":[${event(`,"properties":${nestedJson(MAX_JSON_DEPTH - 3)}`)}]}`);
    expect(within.body.results[0]).toMatchObject({ ok: true });
  });

  it('drops a __proto__ key from an event instead of refusing its batch, and pollutes nothing', async () => {
    const answer = await resolve(`{"events":[${event(',"properties":{"__proto__":{"polluted":true},"plan":"pro"}')},${event('')}]}`);
    expect(answer.status).toBe(200);
    expect(answer.body.results.map((result) => result.ok)).toEqual([true, true]);
    const constructor = await resolve(`{"events":[${event(',"properties":{"constructor":{"prototype":{"polluted":true}}}')}]}`);
    expect(constructor.body.results[0]).toMatchObject({ ok: true });
  });

  it('answers a path parameter over 100 characters with 404 and the SPEC body', async () => {
    const answer = await api.get(`/api/v2/environments/${'1'.repeat(120)}`, acme.key);
    expect(answer.status).toBe(404);
    expect(answer.body).toEqual({ ...SPEC_ERROR, type: 'invalid_request', code: 'not_found', attr: null });
  });

  it('answers headers over 16 KB with 431, and a NUL byte in a header with 400, both with the SPEC body', async () => {
    const huge = await rawHttp(system.baseUrl, `GET /api/users/@me HTTP/1.1\r\nHost: strata\r\nAuthorization: Bearer phx_${'a'.repeat(17_000)}`);
    expect(huge.status).toBe(431);
    expect(JSON.parse(huge.body)).toEqual({ ...SPEC_ERROR, type: 'invalid_request', code: 'headers_too_large', attr: null });
    const nul = await rawHttp(system.baseUrl, `GET /api/users/@me HTTP/1.1\r\nHost: strata\r\nX-Trace: a\u0000b`);
    expect(nul.status).toBe(400);
    expect(JSON.parse(nul.body)).toEqual({ ...SPEC_ERROR, type: 'validation_error', code: 'malformed_request', attr: null });
  });

  it('is still ready afterwards', async () => {
    expect((await fetch(`${system.baseUrl}/_ready`)).status).toBe(200);
  });
});
