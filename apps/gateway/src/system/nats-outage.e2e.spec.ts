import { PrivateNatsServer } from '@strata/nats-server';
import { eventually, RunningSystem } from '@strata/testing';
import { ApiClient, type Account, type ListBody, signup } from '../testing/api-client';

type Environment = { id: number; api_token: string };
type Resolved = { ok: true; team_id: number } | { ok: false; error: string };

/**
 * SPEC §3: Postgres is the truth and JetStream a copy that heals. nats-server is SIGKILLed while every service writes
 * (environments, flags, observed definitions) and restarted on the same store; afterwards every write that was
 * acknowledged reaches every read model fed by events — the mapper's tokens, flag evaluation's model, taxonomy's
 * definitions — exactly once.
 */
describe('a NATS crash under write load', () => {
  let server: PrivateNatsServer;
  let system: RunningSystem;
  const api = new ApiClient({ get baseUrl() { return system.baseUrl; } });
  let acme: Account;

  beforeAll(async () => {
    server = await PrivateNatsServer.start();
    system = await RunningSystem.start({ env: { NATS_URL: server.url } });
    acme = await signup(api, 'outage');
  });

  afterAll(async () => {
    await system?.stop();
    await server?.destroy();
  });

  it('loses no acknowledged write for any consumer, and applies each once', async () => {
    const environments: Environment[] = [];
    const flags: string[] = [];
    const names: string[] = [];
    /** A write that failed may still have been done (the answer was lost, not the work). */
    const attempted: string[] = [];
    const attemptedFlags: string[] = [];
    let failures = 0;
    let phase: 'before' | 'after' | 'done' = 'before';
    const acknowledgedAfter = { environments: 0, flags: 0, names: 0 };
    const wrote = (kind: keyof typeof acknowledgedAfter) => {
      if (phase === 'after') acknowledgedAfter[kind] += 1;
    };

    const writers = [
      loop(async (i) => {
        const answer = await api.post<Environment>(`/api/v2/projects/${acme.project.id}/environments/`, acme.key, { name: `env-${i}` });
        if (answer.status !== 201) return void (failures += 1);
        environments.push(answer.body);
        wrote('environments');
      }),
      loop(async (i) => {
        const key = `flag-${i}`;
        attemptedFlags.push(key);
        const answer = await api.post(`/api/v2/environments/${acme.environment.id}/feature_flags/`, acme.key, { key, is_project_wide: true, default_enabled: true });
        if (answer.status !== 201) return void (failures += 1);
        flags.push(key);
        wrote('flags');
      }),
      loop(async (i) => {
        const batch = Array.from({ length: 20 }, (_, n) => `event-${i}-${n}`);
        attempted.push(...batch);
        const answer = await api.post<{ results: Resolved[] }>('/i/v0/resolve', undefined, {
          events: batch.map((event) => ({ token: acme.environment.api_token, event, distinct_id: 'u1', properties: {} })),
        });
        if (answer.status !== 200 || !answer.body.results.every((r) => r.ok)) return void (failures += 1);
        names.push(...batch);
        wrote('names');
      }),
    ];
    function loop(write: (i: number) => Promise<void>): Promise<void> {
      return (async () => {
        for (let i = 0; phase !== 'done'; i++) await write(i).catch(() => void (failures += 1));
      })();
    }

    await eventually(() => expect(Math.min(environments.length, flags.length, names.length / 20)).toBeGreaterThanOrEqual(10), 60_000);
    trace(`killing nats: ${environments.length} environments, ${flags.length} flags, ${names.length} names`);
    await server.kill();
    await eventually(() => expect(failures).toBeGreaterThanOrEqual(3), 60_000);
    await server.restart();
    phase = 'after';
    trace('nats restarted');
    await eventually(() => expect(Math.min(...Object.values(acknowledgedAfter))).toBeGreaterThanOrEqual(5), 120_000);
    phase = 'done';
    await Promise.all(writers);
    trace(`written: ${environments.length} environments, ${flags.length} flags, ${names.length} names; ${failures} failed`);

    // The mapper: every acknowledged environment's token resolves to the project.
    await eventually(async () => {
      const answer = await api.post<{ results: Resolved[] }>('/i/v0/resolve', undefined, {
        events: environments.map((environment) => ({ token: environment.api_token, event: '$pageview', distinct_id: 'u1', properties: {} })),
      });
      expect(answer.body.results.filter((r) => !r.ok)).toEqual([]);
    }, 60_000);

    // Flag evaluation: every environment answers every acknowledged project-wide flag, each once, and nothing made up;
    // every environment answers the same flags.
    await eventually(async () => {
      const answers = new Set<string>();
      for (const environment of [acme.environment, ...environments]) {
        const answer = await api.call<Array<{ feature: { name: string } }>>('GET', '/api/v1/flags/', { headers: { 'x-environment-key': environment.api_token } });
        expect(answer.status).toBe(200);
        const names = answer.body.map((state) => state.feature.name).sort();
        expect(names.length).toBe(new Set(names).size);
        expect(flags.filter((key) => !names.includes(key))).toEqual([]);
        expect(names.filter((key) => !attemptedFlags.includes(key))).toEqual([]);
        answers.add(JSON.stringify(names));
      }
      expect(answers.size).toBe(1);
    }, 60_000);

    // Taxonomy: every name an acknowledged resolve observed is defined, once; nothing was made up.
    await eventually(async () => {
      const defined = await allNames(`/api/v2/projects/${acme.project.id}/event_definitions/?limit=1000`);
      const ours = defined.filter((name) => name.startsWith('event-'));
      expect(ours.length).toBe(new Set(ours).size);
      expect(names.filter((name) => !ours.includes(name))).toEqual([]);
      expect(ours.filter((name) => !attempted.includes(name))).toEqual([]);
    }, 60_000);
  }, 300_000);

  async function allNames(first: string): Promise<string[]> {
    const found: string[] = [];
    for (let url: string | null = first; url; ) {
      const page: ListBody<{ name: string }> = (await api.get<ListBody<{ name: string }>>(url.replace(/^https?:\/\/[^/]+/, ''), acme.key)).body;
      found.push(...page.results.map((definition) => definition.name));
      url = page.next;
    }
    return found;
  }
});

function trace(line: string): void {
  if (process.env.TRACE_SPECS) process.stderr.write(`nats-outage: ${line}\n`);
}
