import { OFREPProvider } from '@openfeature/ofrep-provider';
import { OFREPWebProvider } from '@openfeature/ofrep-web-provider';
import { OpenFeature as ServerFeature } from '@openfeature/server-sdk';
import { OpenFeature as WebFeature } from '@openfeature/web-sdk';
import { eventually } from '@strata/testing';
import { Flagsmith } from 'flagsmith-nodejs';
import { type Account, gatewayForSpecs, signup } from '../testing/api-client';

type Entity = { id: string };
type Environment = { id: number; api_token: string };
type Evaluations = { last_24h: number; last_30d: number };

/**
 * Evaluation counts and stale flags with the real Flagsmith SDK (`enableAnalytics`), and disabled flags through
 * OpenFeature's web and server providers (SPEC §4.5, issue 20). Everything read was made through Strata's own API.
 */
describe('evaluation counts, stale flags and disabled flags through OpenFeature (issue 20)', () => {
  // Counts are written every 200 ms here (10 s by default): the spec waits on them appearing, never on a time.
  const { system, api } = gatewayForSpecs({ apps: ['gateway', 'projects', 'entities', 'flag-evaluation'], env: { ANALYTICS_FLUSH_MS: '200' } });
  let acme: Account;
  let production: Environment;
  let staging: Environment;
  const flag: Record<string, Entity> = {};
  const env = (environment: Environment, rest: string) => `/api/v2/environments/${environment.id}/${rest}`;
  const created = async (environment: Environment, key: string, fields: Record<string, unknown> = {}): Promise<Entity> => {
    const answer = await api.post<Entity>(env(environment, 'feature_flags/'), acme.key, { key, ...fields });
    if (answer.status !== 201) throw new Error(`${key} answered ${answer.status}: ${JSON.stringify(answer.body)}`);
    return answer.body;
  };
  const evaluations = async (environment: Environment, id: string) => (await api.get<{ evaluations: Evaluations }>(env(environment, `feature_flags/${id}/state`), acme.key)).body.evaluations;
  const post = (body: unknown, key = production.api_token) =>
    api.call<{ ignored: string[] }>('POST', '/api/v1/analytics/flags/', { headers: key === '' ? {} : { 'x-environment-key': key }, body });
  const staleKeys = async (environment: Environment, days: string) => {
    const answer = await api.get<{ results: Array<{ key: string }> }>(env(environment, `feature_flags/?stale=${days}`), acme.key);
    expect(answer.status).toBe(200);
    return answer.body.results.map((one) => one.key);
  };

  beforeAll(async () => {
    acme = await signup(api, 'analytics');
    production = acme.environment;
    staging = (await api.post<Environment>(`/api/v2/projects/${acme.project.id}/environments/`, acme.key, { name: 'Staging' })).body;
    flag.banner = await created(production, 'an-banner', { is_project_wide: true, default_enabled: true });
    flag.colour = await created(production, 'an-colour', { is_project_wide: true, default_enabled: true, initial_value: 'blue' });
    flag.tick = await created(production, 'an-tick', { is_project_wide: true, default_enabled: true });
    flag.unused = await created(production, 'an-unused', { is_project_wide: true });
    flag.secret = await created(production, 'an-secret', { is_project_wide: true, is_server_key_only: true, default_enabled: true });
    flag.stagingOnly = await created(staging, 'an-staging-only', { default_enabled: true });
    flag.offPlain = await created(production, 'an-off-plain', { is_project_wide: true });
    flag.offString = await created(production, 'an-off-string', { is_project_wide: true, initial_value: 'gold' });
    flag.offBoolean = await created(production, 'an-off-boolean', { is_project_wide: true });
    const probe = new Flagsmith({ environmentKey: production.api_token, apiUrl: `${system.baseUrl}/api/v1/`, retries: 0 });
    await eventually(async () => expect((await probe.getEnvironmentFlags()).allFlags().map((one) => one.featureName)).toContain('an-off-boolean'));
  });

  afterAll(async () => {
    await WebFeature.close();
    await ServerFeature.close();
  });

  it('counts what the Flagsmith SDK evaluated once its analytics processor posts them', async () => {
    const client = new Flagsmith({ environmentKey: production.api_token, apiUrl: `${system.baseUrl}/api/v1/`, retries: 0, enableAnalytics: true });
    const flags = await client.getEnvironmentFlags();
    for (let i = 0; i < 3; i++) expect(flags.isFeatureEnabled('an-banner')).toBe(true);
    expect(flags.getFeatureValue('an-colour')).toBe('blue');
    expect(flags.getFeatureValue('an-colour')).toBe('blue');

    // The processor posts on an evaluation made 10 s or more after its last post: evaluate another flag until it has.
    await eventually(async () => {
      flags.isFeatureEnabled('an-tick');
      expect(await evaluations(production, flag.banner.id)).toEqual({ last_24h: 3, last_30d: 3 });
    }, 60_000);
    expect(await evaluations(production, flag.colour.id)).toEqual({ last_24h: 2, last_30d: 2 });
    expect(await evaluations(production, flag.unused.id)).toEqual({ last_24h: 0, last_30d: 0 });
    expect(await evaluations(staging, flag.banner.id)).toEqual({ last_24h: 0, last_30d: 0 });
  });

  it('ignores the names the key’s environment does not show, refuses a malformed body whole, and an unknown key', async () => {
    const before = await evaluations(production, flag.colour.id);

    expect(await post({ 'an-colour': 4, 'an-staging-only': 1, 'an-secret': 1, 'no-such-flag': 2 })).toMatchObject({
      status: 200,
      body: { ignored: ['an-staging-only', 'an-secret', 'no-such-flag'] },
    });
    for (const malformed of [[], 'an-colour', { 'an-colour': 1000, 'an-banner': -1 }, { 'an-colour': 1000, 'an-banner': 1.5 }, { 'an-colour': 1000, 'an-banner': '3' }, { 'an-colour': { count: 1 } }]) {
      const refused = await post(malformed);
      expect(refused).toMatchObject({ status: 400, body: { type: 'validation_error', code: expect.any(String), detail: expect.any(String) } });
      expect(refused.body).toHaveProperty('attr');
    }
    expect((await post({ 'an-colour': 1000 }, 'phc_unknown')).status).toBe(401);
    expect(await post({ 'an-colour': 1000 }, '')).toMatchObject({ status: 401, body: { type: 'authentication_error' } });

    await eventually(async () => expect(await evaluations(production, flag.colour.id)).toEqual({ last_24h: before.last_24h + 4, last_30d: before.last_30d + 4 }));
  });

  it('counts a server key’s server-only flags, into its own environment', async () => {
    const { key } = (await api.post<{ key: string }>(env(production, 'server_keys/'), acme.key, { name: 'backend' })).body;
    const { key: stagingKey } = (await api.post<{ key: string }>(env(staging, 'server_keys/'), acme.key, { name: 'backend' })).body;

    await eventually(async () => expect(await post({ 'an-secret': 6 }, key)).toMatchObject({ status: 200, body: { ignored: [] } }));
    await eventually(async () => expect(await post({ 'an-staging-only': 2 }, stagingKey)).toMatchObject({ status: 200, body: { ignored: [] } }));
    await eventually(async () => expect(await evaluations(production, flag.secret.id)).toEqual({ last_24h: 6, last_30d: 6 }));
    await eventually(async () => expect(await evaluations(staging, flag.stagingOnly.id)).toEqual({ last_24h: 2, last_30d: 2 }));
  });

  it('writes what it holds when the gateway stops gracefully', async () => {
    const holding = await system.startInstance('gateway', { ANALYTICS_FLUSH_MS: '3600000' });
    const before = await evaluations(production, flag.unused.id);
    // This instance writes every hour: only its shutdown can write what it was sent.
    const sent = await fetch(`${holding.url}/api/v1/analytics/flags/`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-environment-key': production.api_token },
      body: JSON.stringify({ 'an-unused': 5 }),
    });
    expect(sent.status).toBe(200);
    await holding.stop();

    expect(await evaluations(production, flag.unused.id)).toEqual({ last_24h: before.last_24h + 5, last_30d: before.last_30d + 5 });
  });

  it('filters a flag list by ?stale=<days>: a flag evaluated or changed within the days is not stale', async () => {
    await eventually(async () => expect((await evaluations(production, flag.banner.id)).last_24h).toBeGreaterThan(0));

    // Every flag here was created today: none is stale after a day.
    expect(await staleKeys(production, '1')).toEqual([]);
    // After 0 days, what was evaluated this hour is still not stale; what never was, is.
    const none = await staleKeys(production, '0');
    expect(none).toEqual(expect.arrayContaining(['an-off-plain', 'an-off-string']));
    expect(none).not.toEqual(expect.arrayContaining(['an-banner']));
    expect(none).not.toEqual(expect.arrayContaining(['an-colour']));
    expect(await staleKeys(staging, '0')).toEqual(expect.arrayContaining(['an-banner', 'an-colour']));
    for (const bad of ['abc', '-1', '1.5', '', '99999999']) {
      expect(await api.call('GET', env(production, `feature_flags/?stale=${bad}`), { key: acme.key })).toMatchObject({ status: 400, body: { type: 'validation_error', attr: 'stale' } });
    }
    expect((await api.call('GET', env(production, 'cohorts/?stale=1'), { key: acme.key })).status).toBe(400);
  });

  it('answers a disabled flag as the caller’s default, reason DISABLED and no error, through the OFREP web provider', async () => {
    const disable = async (id: string, changes: Record<string, unknown> = {}) =>
      expect((await api.patch(env(production, `feature_flags/${id}/state`), acme.key, { enabled: false, ...changes })).status).toBe(200);
    await disable(flag.offString.id);
    await disable(flag.offBoolean.id, { feature_state_value: { type: 'bool', boolean_value: true } });
    await disable(flag.offPlain.id);
    const ofrep = (body: unknown) => api.call<{ flags: Array<{ key: string }> }>('POST', '/ofrep/v1/evaluate/flags', { headers: { authorization: `Bearer ${production.api_token}` }, body });
    // Off by default already; the model has followed once the boolean value is there (and so not answered).
    await eventually(async () => {
      const answered = (await ofrep({ context: { targetingKey: 'ada' } })).body.flags.find((one) => one.key === 'an-off-boolean');
      expect(answered).toMatchObject({ reason: 'DISABLED' });
      expect(answered).not.toHaveProperty('value');
    });

    await WebFeature.setContext({ targetingKey: 'ada' });
    await WebFeature.setProviderAndWait(new OFREPWebProvider({ baseUrl: system.baseUrl, headers: [['Authorization', `Bearer ${production.api_token}`]], pollInterval: 0, cacheMode: 'disabled' }));
    const client = WebFeature.getClient();

    for (const fallback of [true, false]) {
      const details = client.getBooleanDetails('an-off-boolean', fallback);
      expect(details).toMatchObject({ value: fallback, reason: 'DISABLED' });
      expect(details.errorCode).toBeUndefined();
    }
    const string = client.getStringDetails('an-off-string', 'fallback');
    expect(string).toMatchObject({ value: 'fallback', reason: 'DISABLED' });
    expect(string.errorCode).toBeUndefined();
    expect(client.getStringDetails('an-colour', 'fallback')).toMatchObject({ value: 'blue', reason: 'DEFAULT' });
    // A flag without a value answers whether it is on (SPEC §4.5): false, DISABLED.
    expect(client.getBooleanDetails('an-off-plain', true)).toMatchObject({ value: false, reason: 'DISABLED' });
  });

  it('answers a disabled flag without a value through the OFREP server provider as false, DISABLED (where its type check holds)', async () => {
    await ServerFeature.setProviderAndWait('analytics-server', new OFREPProvider({ baseUrl: system.baseUrl, headers: [['Authorization', `Bearer ${production.api_token}`]] }));
    const client = ServerFeature.getClient('analytics-server');

    const details = await client.getBooleanDetails('an-off-plain', false, { targetingKey: 'ada' });
    expect(details).toMatchObject({ value: false, reason: 'DISABLED' });
    expect(details.errorCode).toBeUndefined();
  });
});
