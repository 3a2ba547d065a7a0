import { ingestion } from '@strata/contracts';
import type { Database } from '@strata/database';
import { RunningSystem } from '@strata/testing';
import type { NatsConnection } from 'nats';
import { token } from '../domain/tables.fixtures';
import { ProjectsLog } from '../testing/projects-log';

const PROJECT = 501;
const TOKEN = token('z');
const ROUNDS = 4;
/** Batches in flight while the mapper is killed: some answered just before, some never answered. */
const SENDERS = 4;

/**
 * SPEC §5: every name in an event the mapper answered for becomes a definition — even when the mapper is killed with
 * SIGKILL right after answering, and none becomes two — and no event can stop the definitions of the others.
 */
describe('observations of the ingestion mapper', () => {
  let system: RunningSystem;
  let log: ProjectsLog;
  let nc: NatsConnection;
  let taxonomyDb: Database;
  let sequence = 0;

  /** One batch of never-seen names; the names come back only if the mapper answered the batch. */
  const sendNewNames = async (): Promise<string[]> => {
    const names = Array.from({ length: 5 }, () => `crash_${++sequence}`);
    const body = { events: names.map((name) => ({ token: TOKEN, event: name, distinct_id: 'u', properties: { [`${name}_prop`]: 1 } })) };
    try {
      const reply = await nc.request(`${system.kit.natsPrefix}${ingestion.IngestionSubjects.resolve}`, new TextEncoder().encode(JSON.stringify(body)), { timeout: 1_000 });
      const { results } = JSON.parse(new TextDecoder().decode(reply.data)) as ingestion.ResolveResponse;
      return results?.every((result) => result.ok) ? names : [];
    } catch {
      return [];
    }
  };

  const definedNames = async (): Promise<Map<string, number>> => {
    const rows = await taxonomyDb.query<{ name: string; n: string }>(
      "SELECT name, count(*) AS n FROM event_definitions WHERE project_id = $1 AND name LIKE 'crash\\_%' GROUP BY name",
      [PROJECT],
    );
    return new Map(rows.map((row) => [row.name, Number(row.n)]));
  };

  beforeAll(async () => {
    system = await RunningSystem.start({ apps: ['taxonomy', 'ingestion-mapping'] });
    nc = await system.kit.nats();
    taxonomyDb = await system.kit.database('taxonomy');
    log = await ProjectsLog.open(system.kit);
    await log.createProject(PROJECT, [[PROJECT, TOKEN]]);
    while ((await sendNewNames()).length === 0) await new Promise((resolve) => setTimeout(resolve, 50));
  });

  afterAll(async () => {
    await log?.close();
    await system?.stop();
  });

  it('defines every name of every answered event exactly once, whatever moment the mapper dies', async () => {
    const answered = new Set<string>();
    for (let round = 0; round < ROUNDS; round++) {
      let sending = true;
      const senders = Array.from({ length: SENDERS }, async () => {
        while (sending) for (const name of await sendNewNames()) answered.add(name);
      });
      await new Promise((resolve) => setTimeout(resolve, 150 + 100 * round));
      await system.killApp('ingestion-mapping');
      sending = false;
      await Promise.all(senders);
      await system.startApp('ingestion-mapping');
    }
    expect(answered.size).toBeGreaterThan(0);

    const deadline = Date.now() + 60_000;
    let defined = await definedNames();
    while ([...answered].some((name) => !defined.has(name)) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      defined = await definedNames();
    }
    expect([...answered].filter((name) => !defined.has(name))).toEqual([]);
    expect([...defined.values()].every((count) => count === 1)).toBe(true);
    const properties = await taxonomyDb.query<{ n: string }>(
      "SELECT count(DISTINCT name) AS n FROM property_definitions WHERE project_id = $1 AND name = ANY($2::text[])",
      [PROJECT, [...answered].map((name) => `${name}_prop`)],
    );
    expect(Number(properties[0].n)).toBe(answered.size);
  });

  it('refuses an event whose names cannot be stored, alone, and defines what comes after it', async () => {
    const poison = [
      { token: TOKEN, event: 'poison_evt', distinct_id: 'u', properties: { 'a\u0000b': 1 } },
      { token: TOKEN, event: 'poison\ud800', distinct_id: 'u' },
      { token: TOKEN, event: 'beside_poison', distinct_id: 'u', groups: { 'com\u0000pany': 'acme' } },
    ];
    const reply = await nc.request(`${system.kit.natsPrefix}${ingestion.IngestionSubjects.resolve}`, new TextEncoder().encode(JSON.stringify({ events: poison })));
    expect((JSON.parse(new TextDecoder().decode(reply.data)) as ingestion.ResolveResponse).results).toEqual([
      { ok: false, error: 'invalid_name' },
      { ok: false, error: 'invalid_name' },
      { ok: false, error: 'invalid_groups' },
    ]);

    const after = { events: [{ token: TOKEN, event: 'after_poison', distinct_id: 'u', properties: { plan: 'pro' } }] };
    await nc.request(`${system.kit.natsPrefix}${ingestion.IngestionSubjects.resolve}`, new TextEncoder().encode(JSON.stringify(after)));
    const deadline = Date.now() + 30_000;
    let rows: { name: string }[] = [];
    while (rows.length === 0 && Date.now() < deadline) {
      rows = await taxonomyDb.query<{ name: string }>("SELECT name FROM event_definitions WHERE project_id = $1 AND name IN ('after_poison', 'poison_evt')", [PROJECT]);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(rows).toEqual([{ name: 'after_poison' }]);
  });
});
