// The pure `ingestion.resolve` (no NATS, no JSON) at batches of 1,000 events on one core:
//   node -r ./infra/register.cjs bench/ingestion/resolve-pure.ts
// Also prints the same with the JSON decode of the request and encode of the reply, as the handler will do them.
// eslint-disable-next-line no-restricted-imports -- the mapper's benchmark measures its own pure code; no service imports it.
import { IngestionTables, ObservationBatcher, resolveBatch, type TableEvent } from '../../apps/ingestion-mapping/src/domain';

const BATCH = 1_000;
const ENVIRONMENTS = 50;
const SECONDS = Number(process.env.BENCH_SECONDS ?? 3);

const tokenOf = (environmentId: number) => `phc_${String(environmentId).padStart(43, 'x')}`;

function tables(): IngestionTables {
  const t = new IngestionTables();
  for (let id = 1; id <= ENVIRONMENTS; id++) {
    const projectId = Math.ceil(id / 5);
    const created = { type: 'EnvironmentCreated', data: { environmentId: id, projectId, apiToken: tokenOf(id) } } as unknown as TableEvent;
    t.apply(created, { service: 'projects', streamId: `project-${projectId}`, streamPosition: id });
    if (id % 5 === 1) t.learnGroupTypes(projectId, { company: 0, project: 1 });
  }
  return t;
}

function batch(seed: number): { events: unknown[] } {
  const events = [];
  for (let i = 0; i < BATCH; i++) {
    const n = seed * BATCH + i;
    const properties: Record<string, unknown> = { $browser: 'Firefox', $current_url: `https://example.com/${n % 97}` };
    for (let p = 0; p < 8; p++) properties[`property-${(n * 7 + p) % 500}`] = p % 3 === 0 ? n : p % 3 === 1 ? `v${n}` : n % 2 === 0;
    events.push({
      token: i % 100 === 99 ? 'phc_unknown' : tokenOf((n % ENVIRONMENTS) + 1),
      event: `event-${n % 100}`,
      distinct_id: `user-${n % 10_000}`,
      properties,
      groups: { company: `c${n % 50}`, project: `p${n % 20}` },
    });
  }
  return { events };
}

function measure(label: string, run: (body: { events: unknown[] }, json: string) => void): void {
  const bodies = Array.from({ length: 20 }, (_, seed) => batch(seed));
  const texts = bodies.map((body) => JSON.stringify(body));
  for (let i = 0; i < 200; i++) run(bodies[i % bodies.length], texts[i % texts.length]);
  let events = 0;
  const started = process.hrtime.bigint();
  const deadline = started + BigInt(SECONDS * 1e9);
  let i = 0;
  while (process.hrtime.bigint() < deadline) {
    run(bodies[i % bodies.length], texts[i % texts.length]);
    events += BATCH;
    i++;
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  console.log(`${label.padEnd(44)} ${Math.round(events / seconds).toLocaleString('en-US').padStart(12)} events/s`);
}

const t = tables();
const batcher = new ObservationBatcher();
measure('pure resolve (no observations)', (body) => void resolveBatch(t, body, null, Date.now()));
measure('pure resolve + observation batcher', (body) => {
  resolveBatch(t, body, batcher, Date.now());
  batcher.drain();
});
measure('JSON.parse + resolve + batcher + stringify', (_body, json) => {
  const pass = resolveBatch(t, JSON.parse(json), batcher, Date.now());
  batcher.drain();
  JSON.stringify({ results: pass.results });
});
