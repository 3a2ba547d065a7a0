import { ingestion } from '@strata/contracts';
import { RpcClient } from '@strata/messaging';
import { type AppInstance, type AppName, APPS, eventually } from '@strata/testing';
import { type Account, gatewayForSpecs, signup } from '../testing/api-client';

const SERVICES = APPS.filter((app): app is Exclude<AppName, 'gateway'> => app !== 'gateway');
const WRITERS = 6;

/** SPEC §3: every service runs as any number of instances; killing one under load loses no acknowledged write. */
describe('two instances of every service', () => {
  const { system, api } = gatewayForSpecs();
  const second = new Map<AppName, AppInstance>();
  let acme: Account;

  beforeAll(async () => {
    for (const app of APPS) second.set(app, await system.startInstance(app));
    acme = await signup(api, 'twins');
  }, 240_000);

  it('answers every acknowledged write after one instance of each is SIGKILLed under write load, and the twins agree', async () => {
    const gateways = [system.baseUrl, second.get('gateway')!.url];
    const acknowledged: string[] = [];
    const refused = new Map<string, number>();
    let stopping = false;
    const write = async (gateway: string, n: number): Promise<string | number> => {
      const environment = n % 4 === 0;
      const path = environment ? `/api/v2/projects/${acme.project.id}/environments/` : `/api/v2/environments/${acme.environment.id}/feature_flags/`;
      const body = environment ? { name: `twin-${n}` } : { key: `twin-${n}` };
      const answer = await fetch(`${gateway}${path}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${acme.key}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      }).catch(() => undefined);
      if (answer === undefined) return 0;
      if (answer.status !== 201) return answer.status;
      const { id } = (await answer.json()) as { id: string | number };
      return environment ? `/api/v2/environments/${id}` : `${path}${id}`;
    };
    let next = 0;
    const writer = async (w: number) => {
      while (!stopping) {
        const n = next++;
        const gateway = gateways[(w + n) % gateways.length];
        const outcome = await write(gateway, n);
        if (typeof outcome === 'string') acknowledged.push(outcome);
        else refused.set(outcome === 0 ? 'unreachable' : String(outcome), (refused.get(outcome === 0 ? 'unreachable' : String(outcome)) ?? 0) + 1);
        // The killed gateway refuses connections at once: leave it instead of spinning on it.
        if (outcome === 0 && gateways.length > 1 && gateways.includes(gateway)) gateways.splice(gateways.indexOf(gateway), 1);
      }
    };
    const writers = Promise.all(Array.from({ length: WRITERS }, (_, w) => writer(w)));

    await eventually(() => expect(acknowledged.length).toBeGreaterThanOrEqual(40), 120_000);
    await Promise.all([second.get('gateway')!.kill(), ...SERVICES.map((app) => system.killApp(app))]);
    const atKill = acknowledged.length;
    await eventually(() => expect(acknowledged.length).toBeGreaterThanOrEqual(atKill + 60), 120_000);
    stopping = true;
    await writers;

    const unreadable = [];
    for (const path of acknowledged) {
      const answer = await api.get(path, acme.key);
      if (answer.status !== 200) unreadable.push(`${path}: ${answer.status}`);
    }
    process.stdout.write(`two instances: ${acknowledged.length} writes acknowledged (${atKill} before the kill); not acknowledged: ${JSON.stringify(Object.fromEntries(refused))}\n`);
    expect(unreadable).toEqual([]);

    // The killed ones come back and rebuild what they keep in memory: the twins then answer alike.
    for (const app of SERVICES) await system.startApp(app);
    await system.waitUntilReady(60_000);
    const nc = await system.kit.nats();
    const rpc = new RpcClient({ nc, prefix: system.kit.natsPrefix, timeoutMs: 5_000, actor: 'test' });
    try {
      // Queue groups spread 20 requests over both instances (all on one: 2 in a million).
      await eventually(async () => {
        const digests = await Promise.all(Array.from({ length: 20 }, () => rpc.request<ingestion.TablesDigest>(ingestion.IngestionSubjects.tablesDigest, {})));
        expect(digests.every((d) => d.caughtUp)).toBe(true);
        expect(new Set(digests.map((d) => d.digest)).size).toBe(1);
        expect(digests[0].environments).toBeGreaterThanOrEqual(acknowledged.filter((p) => !p.includes('feature_flags')).length + 1);
      }, 60_000);
      await eventually(async () => {
        const answers = await Promise.all(
          Array.from({ length: 20 }, async () => {
            const answer = await fetch(`${system.baseUrl}/api/v1/flags/`, { headers: { 'x-environment-key': acme.environment.api_token } });
            return answer.status === 200 ? sortedFlags(await answer.json()) : `status ${answer.status}`;
          }),
        );
        expect(new Set(answers).size).toBe(1);
        expect(answers[0]).toContain('twin-');
      }, 60_000);
    } finally {
      rpc.close();
    }
  }, 600_000);
});

function sortedFlags(body: unknown): string {
  const flags = (body as Array<{ feature: { name: string }; enabled: boolean }>).map((f) => `${f.feature.name}:${f.enabled}`);
  return flags.sort().join(',');
}
