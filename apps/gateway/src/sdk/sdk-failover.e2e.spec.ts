import { flags } from '@strata/contracts';
import { RpcClient } from '@strata/messaging';
import { eventually } from '@strata/testing';
import { Flagsmith } from 'flagsmith-nodejs';
import { type Account, gatewayForSpecs, signup } from '../testing/api-client';

type Entity = { id: string };

/**
 * Two flag-evaluation instances behind the gateway, one killed while the real Flagsmith SDK polls (SPEC §3: every
 * service runs as any number of instances; a restarted instance starts from its snapshot).
 */
describe('flag evaluation instances: a kill costs SDK clients nothing, a restart replays only the tail (issue 17)', () => {
  // Snapshots as often as the machine allows, so the restarted instance finds one covering the history.
  const { system, api } = gatewayForSpecs({
    apps: ['gateway', 'projects', 'entities', 'flag-evaluation'],
    env: { MODEL_SNAPSHOT_EVERY_EVENTS: '1', MODEL_SNAPSHOT_EVERY_MS: '200' },
  });
  let acme: Account;
  let rpc: RpcClient;
  const HISTORY = 30;
  const flagIds: string[] = [];
  let toggles = 0;

  const environmentPath = (rest: string) => `/api/v2/environments/${acme.environment.id}/${rest}`;
  const createFlag = async (key: string) => {
    const answer = await api.post<Entity>(environmentPath('feature_flags/'), acme.key, { key, is_project_wide: true, default_enabled: true });
    if (answer.status !== 201) throw new Error(`create answered ${answer.status}: ${JSON.stringify(answer.body)}`);
    flagIds.push(answer.body.id);
  };
  const toggle = async (flagId: string) => {
    const answer = await api.patch(environmentPath(`feature_flags/${flagId}/state`), acme.key, { enabled: ++toggles % 2 === 0 });
    if (answer.status !== 200) throw new Error(`state answered ${answer.status}: ${JSON.stringify(answer.body)}`);
  };

  /** Asks the digest until every one of `instances` answered, all caught up with one digest of `flagCount` flags. */
  const agreeingDigests = (instances: number, flagCount: number) =>
    eventually(async () => {
      const seen = new Map<string, flags.ModelDigest>();
      for (let i = 0; i < 8 * instances; i++) {
        const digest = await rpc.request<flags.ModelDigest>(flags.FlagsSubjects.modelDigest, {}, { timeoutMs: 2_000 });
        seen.set(digest.instance, digest);
      }
      const answers = [...seen.values()];
      expect(answers).toHaveLength(instances);
      expect(answers.every((answer) => answer.caughtUp && answer.flags === flagCount)).toBe(true);
      expect(new Set(answers.map((answer) => answer.digest)).size).toBe(1);
      return seen;
    }, 60_000);

  beforeAll(async () => {
    acme = await signup(api, 'failover');
    rpc = new RpcClient({ nc: await system.kit.nats(), prefix: system.kit.natsPrefix });
    for (let i = 0; i < HISTORY; i++) await createFlag(`failover-${i}`);
  });

  afterAll(() => rpc?.close());

  it('answers every SDK poll while one of two instances is killed, and the restarted one starts from its snapshot', async () => {
    await system.startInstance('flag-evaluation');
    const before = await agreeingDigests(2, HISTORY);

    const sdk = new Flagsmith({ environmentKey: acme.environment.api_token, apiUrl: `${system.baseUrl}/api/v1/`, retries: 0 });
    const failures: string[] = [];
    let answered = 0;
    let polling = true;
    const poll = (async () => {
      for (let round = 0; polling; round++) {
        try {
          const answer = round % 2 === 0 ? await sdk.getEnvironmentFlags() : await sdk.getIdentityFlags(`user-${round % 7}`);
          if (answer.allFlags().length !== HISTORY) failures.push(`round ${round}: ${answer.allFlags().length} flags`);
          answered++;
        } catch (error) {
          failures.push(`round ${round}: ${error instanceof Error ? error.message : String(error)}`);
        }
        // Paces the loop on a shared machine; no outcome depends on it.
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
    })();

    await eventually(() => expect(answered).toBeGreaterThanOrEqual(20), 30_000);
    await system.killApp('flag-evaluation');
    const atKill = answered;
    // The survivor answers alone now: polls keep succeeding, those that were in the dead instance's hands included.
    await eventually(() => expect(answered).toBeGreaterThanOrEqual(atKill + 40), 60_000);
    polling = false;
    await poll;
    expect(failures).toEqual([]);

    await system.startApp('flag-evaluation');
    const restarted = await eventually(async () => {
      const digest = await rpc.request<flags.ModelDigest>(flags.FlagsSubjects.modelDigest, {}, { timeoutMs: 2_000 });
      expect(before.has(digest.instance)).toBe(false);
      return digest;
    }, 60_000);
    // The history is at least the HISTORY flags' events: a full replay would have applied all of them.
    expect(restarted.start).toMatchObject({ from: 'snapshot' });
    expect(restarted.start?.replayed).toBeLessThan(HISTORY);

    for (const flagId of flagIds.slice(0, 10)) await toggle(flagId);
    await createFlag('failover-after-restart');
    const after = await agreeingDigests(2, HISTORY + 1);
    expect([...after.keys()]).toContain(restarted.instance);
  });
});
