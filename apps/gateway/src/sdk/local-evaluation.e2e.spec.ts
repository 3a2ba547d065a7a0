import { eventually } from '@strata/testing';
import { Flagsmith } from 'flagsmith-nodejs';
import { type Account, gatewayForSpecs, signup } from '../testing/api-client';
import { PAYING_ADULTS } from './sdk-fixtures';

type Entity = { id: string };
type Answered = { name: string; enabled: boolean; value: unknown };

jest.setTimeout(120_000);

/**
 * Flagsmith's local evaluation against Strata (SPEC §4.5, issue 20): flagsmith-nodejs 8.1.2 with
 * `enableLocalEvaluation` reads `GET /api/v1/environment-document/` and evaluates in the client; it must answer what
 * remote evaluation answers — segment overrides with nested rules, identity overrides, multivariate splits — and pick
 * up a change on its next poll.
 */
describe('local evaluation: the environment document read by flagsmith-nodejs (issue 20)', () => {
  const { system, api } = gatewayForSpecs({ apps: ['gateway', 'projects', 'entities'] });
  let acme: Account;
  let serverKey: string;
  const flag: Record<string, Entity> = {};
  const sdks: Flagsmith[] = [];

  const env = (rest: string) => `/api/v2/environments/${acme.environment.id}/${rest}`;
  const created = async (path: string, body: unknown): Promise<Entity> => {
    const answer = await api.post<Entity>(path, acme.key, body);
    if (answer.status !== 201) throw new Error(`${path} answered ${answer.status}: ${JSON.stringify(answer.body)}`);
    return answer.body;
  };
  const setState = async (flagId: string, changes: unknown) => {
    const answer = await api.patch(env(`feature_flags/${flagId}/state`), acme.key, changes);
    if (answer.status !== 200) throw new Error(`state answered ${answer.status}: ${JSON.stringify(answer.body)}`);
  };
  const flagsmith = (enableLocalEvaluation: boolean) => {
    const sdk = new Flagsmith({ environmentKey: serverKey, apiUrl: `${system.baseUrl}/api/v1/`, retries: 0, enableLocalEvaluation, environmentRefreshIntervalSeconds: 1 });
    sdks.push(sdk);
    return sdk;
  };
  const answered = (flags: { allFlags(): { featureName: string; enabled: boolean; value: unknown }[] }): Answered[] =>
    flags
      .allFlags()
      // The SDK reads a remote answer's null value as undefined: both are "no value".
      .map((one) => ({ name: one.featureName, enabled: one.enabled, value: one.value ?? null }))
      .sort((a, b) => a.name.localeCompare(b.name));
  const documentOf = (key: string, headers: Record<string, string> = {}) => api.call('GET', '/api/v1/environment-document/', { headers: { 'x-environment-key': key, ...headers } });

  beforeAll(async () => {
    acme = await signup(api, 'local');
    // Flagsmith's SDK hashes an identity as `<api_key>_<identifier>`: Strata's composite identity key.
    const settings = await api.patch(`/api/v2/environments/${acme.environment.id}`, acme.key, { use_identity_composite_key_for_hashing: true });
    if (settings.status !== 200) throw new Error(`settings answered ${settings.status}: ${JSON.stringify(settings.body)}`);
    serverKey = (await api.post<{ key: string }>(env('server_keys/'), acme.key, { name: 'backend' })).body.key;
    const paying = await created(env('cohorts/'), PAYING_ADULTS);
    const projectWide = (key: string, fields: Record<string, unknown> = {}) => created(env('feature_flags/'), { key, is_project_wide: true, ...fields });
    flag.banner = await projectWide('local-banner', { default_enabled: true });
    flag.colour = await projectWide('local-colour');
    flag.limit = await projectWide('local-limit');
    flag.variant = await projectWide('local-variant', {
      multivariate_options: [
        { type: 'unicode', string_value: 'a', default_percentage_allocation: 30 },
        { type: 'unicode', string_value: 'b', default_percentage_allocation: 40 },
      ],
    });
    await setState(flag.colour.id, {
      enabled: true,
      feature_state_value: { type: 'unicode', string_value: 'blue' },
      segment_overrides: [{ segment_id: paying.id, priority: 1, scope: 'environment', enabled: true, feature_state_value: { type: 'unicode', string_value: 'gold' } }],
    });
    await setState(flag.limit.id, { enabled: true, feature_state_value: { type: 'int', integer_value: 5 } });
    await setState(flag.variant.id, { enabled: true, feature_state_value: { type: 'unicode', string_value: 'control' } });
    await created(env(`feature_flags/${flag.banner.id}/identity_overrides/`), { identifier: 'vip', enabled: false });
    await created(env(`feature_flags/${flag.limit.id}/identity_overrides/`), { identifier: 'vip', enabled: true, feature_state_value: { type: 'int', integer_value: 99 } });
    await eventually(async () => expect((await documentOf(serverKey)).body).toMatchObject({ identity_overrides: [{ identifier: 'vip' }] }));
  });

  afterAll(async () => {
    for (const sdk of sdks) await sdk.close();
  });

  it('answers in the client what remote evaluation answers: segment overrides, identity overrides, multivariate splits', async () => {
    const remote = flagsmith(false);
    const local = flagsmith(true);
    const identities: [string, Record<string, string | number>][] = [
      ['vip', { plan: 'free' }],
      ['ada', { plan: 'pro', age: 30 }],
      ['kid', { plan: 'enterprise', age: 12 }],
      ...Array.from({ length: 30 }, (_, i): [string, Record<string, string | number>] => [`user-${i}`, { plan: i % 2 === 0 ? 'pro' : 'free', age: 20 + i }]),
    ];

    expect(answered(await local.getEnvironmentFlags())).toEqual(answered(await remote.getEnvironmentFlags()));
    const variants = new Set<unknown>();
    for (const [identifier, traits] of identities) {
      const fromRemote = answered(await remote.getIdentityFlags(identifier, traits));
      expect({ identifier, flags: answered(await local.getIdentityFlags(identifier, traits)) }).toEqual({ identifier, flags: fromRemote });
      variants.add(fromRemote.find((one) => one.name === 'local-variant')?.value);
    }
    // The comparison covered each branch: every variant and the control, the cohort, both overrides.
    expect([...variants].sort()).toEqual(['a', 'b', 'control']);
    expect((await local.getIdentityFlags('ada', { plan: 'pro', age: 30 })).getFeatureValue('local-colour')).toBe('gold');
    const vip = await local.getIdentityFlags('vip', { plan: 'free' });
    expect([vip.isFeatureEnabled('local-banner'), vip.getFeatureValue('local-limit')]).toEqual([false, 99]);
  });

  it('picks up a change on its next poll', async () => {
    const local = flagsmith(true);
    expect((await local.getEnvironmentFlags()).getFeatureValue('local-colour')).toBe('blue');
    await setState(flag.colour.id, { feature_state_value: { type: 'unicode', string_value: 'green' } });

    await eventually(async () => expect((await local.getEnvironmentFlags()).getFeatureValue('local-colour')).toBe('green'), 30_000);
  });

  it('answers 304 to its ETag or a date not before Last-Modified, and alike from a second instance', async () => {
    const first = await documentOf(serverKey);
    const etag = first.headers.get('etag')!;
    const lastModified = first.headers.get('last-modified')!;

    expect(first.status).toBe(200);
    expect(Date.parse(lastModified)).toBeLessThanOrEqual(Date.now());
    expect((await documentOf(serverKey, { 'if-none-match': etag })).status).toBe(304);
    expect((await documentOf(serverKey, { 'if-modified-since': lastModified })).status).toBe(304);
    expect((await documentOf(serverKey, { 'if-modified-since': new Date(Date.parse(lastModified) - 1000).toUTCString() })).status).toBe(200);
    expect((await documentOf(serverKey, { 'if-none-match': '"another"' })).status).toBe(200);

    const second = await system.startInstance('gateway');
    try {
      const other = await fetch(`${second.url}/api/v1/environment-document/`, { headers: { 'x-environment-key': serverKey } });
      expect([other.status, other.headers.get('etag'), other.headers.get('last-modified'), await other.text()]).toEqual([200, etag, lastModified, JSON.stringify(first.body)]);
    } finally {
      await second.stop();
    }
  });

  it('refuses a client key (403), an unknown key and none (401)', async () => {
    expect(await documentOf(acme.environment.api_token)).toMatchObject({ status: 403, body: { type: 'authentication_error', code: 'permission_denied' } });
    expect(await documentOf('ser.unknown')).toMatchObject({ status: 401, body: { code: 'invalid_environment_key' } });
    expect((await api.call('GET', '/api/v1/environment-document/')).status).toBe(401);
  });
});
