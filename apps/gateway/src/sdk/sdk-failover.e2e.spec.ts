import { eventually } from '@strata/testing';
import { Flagsmith } from 'flagsmith-nodejs';
import { type Account, gatewayForSpecs, signup } from '../testing/api-client';

type Entity = { id: string };

/**
 * SDK answers at the edge (SPEC §4.5, issue 20): each gateway instance holds the flag model itself, so two instances
 * behind a client that fails over (as a load balancer does: on a refused or reset connection, never on an HTTP answer)
 * lose no SDK request when one is killed, and answer the same bytes after a burst of changes. flag-evaluation is not
 * even running: no SDK request leaves the gateway.
 */
// Three apps and two more gateway starts on a shared 2-core machine: the hooks get as long as the specs.
jest.setTimeout(240_000);

describe('edge instances: a killed gateway costs SDK clients nothing, and instances answer alike (issue 20)', () => {
  // Snapshots as often as the machine allows, so a restarted instance finds one covering the history; info logs say how it started.
  const { system, api } = gatewayForSpecs({
    apps: ['gateway', 'projects', 'entities'],
    env: { MODEL_SNAPSHOT_EVERY_EVENTS: '1', MODEL_SNAPSHOT_EVERY_MS: '200', LOG_LEVEL: 'info' },
  });
  let acme: Account;
  let second: { url: string; kill: () => Promise<void> };
  const HISTORY = 30;
  const flagIds: string[] = [];

  const environmentPath = (rest: string) => `/api/v2/environments/${acme.environment.id}/${rest}`;
  const createFlag = async (key: string, fields: Record<string, unknown> = {}) => {
    const answer = await api.post<Entity>(environmentPath('feature_flags/'), acme.key, { key, is_project_wide: true, default_enabled: true, ...fields });
    if (answer.status !== 201) throw new Error(`create answered ${answer.status}: ${JSON.stringify(answer.body)}`);
    flagIds.push(answer.body.id);
  };
  const setState = async (flagId: string, changes: Record<string, unknown>) => {
    const answer = await api.patch(environmentPath(`feature_flags/${flagId}/state`), acme.key, changes);
    if (answer.status !== 200) throw new Error(`state answered ${answer.status}: ${JSON.stringify(answer.body)}`);
  };

  /** The system's own gateway while it runs (unset once killed), then the second instance. */
  let primary: string | undefined;
  /** A fetch that sends each request to the next instance, and to another when the connection fails. */
  let turn = 0;
  /** What the instances answered other than 200, and the connections that failed: the failures' causes. */
  const transport: string[] = [];
  const failoverFetch: typeof fetch = async (input, init) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    const origins = [...(primary === undefined ? [] : [primary]), second.url];
    const first = turn++;
    let lastError: unknown;
    for (let attempt = 0; attempt < origins.length; attempt++) {
      const origin = origins[(first + attempt) % origins.length];
      try {
        const response = await fetch(`${origin}${url.pathname}${url.search}`, init);
        if (response.status !== 200) transport.push(`${origin}: ${response.status} ${await response.clone().text()}`);
        return response;
      } catch (error) {
        transport.push(`${origin}: ${String(error)} (${String((error as { cause?: unknown }).cause)})`);
        lastError = error;
      }
    }
    throw lastError;
  };

  /** One request's answer as bytes, from one instance. */
  const bytesFrom = async (origin: string, path: string, init: RequestInit) => {
    const response = await fetch(`${origin}${path}`, { ...init, headers: { 'x-environment-key': acme.environment.api_token, 'content-type': 'application/json', ...init.headers } });
    return `${response.status} ${await response.text()}`;
  };

  beforeAll(async () => {
    acme = await signup(api, 'edge-failover');
    for (let i = 0; i < HISTORY; i++) await createFlag(`edge-${i}`);
    second = await system.startInstance('gateway');
    primary = system.baseUrl;
  });

  it('answers every SDK poll while one of two gateway instances is killed, and the restarted one starts from its snapshot', async () => {
    const sdk = new Flagsmith({ environmentKey: acme.environment.api_token, apiUrl: `${system.baseUrl}/api/v1/`, retries: 0, fetch: failoverFetch });
    await eventually(async () => expect((await sdk.getEnvironmentFlags()).allFlags()).toHaveLength(HISTORY));
    const failures: string[] = [];
    let answered = 0;
    let polling = true;
    const poll = (async () => {
      for (let round = 0; polling; round++) {
        try {
          const answer = round % 2 === 0 ? await sdk.getEnvironmentFlags() : await sdk.getIdentityFlags(`user-${round % 7}`, { plan: 'pro' });
          if (answer.allFlags().length !== HISTORY) failures.push(`round ${round}: ${answer.allFlags().length} flags`);
          answered++;
        } catch (error) {
          failures.push(`round ${round}: ${error instanceof Error ? error.message : String(error)}`);
        }
        // Paces the loop on a shared machine; no outcome depends on it.
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
    })();

    try {
      await eventually(() => expect(answered).toBeGreaterThanOrEqual(20), 30_000);
      await system.killApp('gateway');
      const atKill = answered;
      // Requests still go to the dead instance (refused: sent to the other) until the client's balancer drops it.
      const progress = (count: number) =>
        expect({ answered: answered >= count, failures: failures.slice(0, 3), transport: failures.length > 0 ? transport.slice(-6) : [] }).toEqual({ answered: true, failures: [], transport: [] });
      await eventually(() => progress(atKill + 20), 60_000);
      primary = undefined;
      await eventually(() => progress(atKill + 40), 60_000);
    } finally {
      polling = false;
      await poll;
    }
    expect(failures).toEqual([]);

    await system.startApp('gateway');
    const started = await eventually(() => {
      const line = system.output('gateway').find((one) => one.includes('model caught up'));
      expect(line).toBeDefined();
      return JSON.parse(line!) as { from: string; replayed: number };
    }, 60_000);
    // The history is at least the HISTORY flags' events: a full replay would have applied all of them.
    expect(started.from).toBe('snapshot');
    expect(started.replayed).toBeLessThan(HISTORY);
  });

  it('answers the same bytes from both instances after a burst of changes', async () => {
    for (const [index, flagId] of flagIds.slice(0, 10).entries()) {
      await setState(flagId, { enabled: index % 2 === 0, feature_state_value: { type: 'unicode', string_value: `burst-${index}` } });
    }
    await createFlag('edge-after-burst', { multivariate_options: [{ type: 'unicode', string_value: 'a', default_percentage_allocation: 50 }, { type: 'unicode', string_value: 'b', default_percentage_allocation: 50 }] });
    const requests: [string, RequestInit][] = [
      ['/api/v1/flags/', { method: 'GET' }],
      ['/api/v1/identities/?identifier=ada', { method: 'GET' }],
      ['/api/v1/identities/', { method: 'POST', body: JSON.stringify({ identifier: 'grace', traits: [{ trait_key: 'plan', trait_value: 'pro' }] }) }],
      ['/ofrep/v1/evaluate/flags', { method: 'POST', body: JSON.stringify({ context: { targetingKey: 'ada' } }), headers: { authorization: `Bearer ${acme.environment.api_token}` } }],
    ];

    await eventually(async () => {
      for (const [path, init] of requests) {
        const [first, other] = await Promise.all([bytesFrom(system.baseUrl, path, init), bytesFrom(second.url, path, init)]);
        expect(first).toMatch(/^200 /);
        expect(first).toContain('burst-8');
        expect(first).toContain('edge-after-burst');
        expect(other).toBe(first);
      }
    }, 30_000);
  });
});
