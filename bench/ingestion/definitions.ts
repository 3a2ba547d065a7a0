import type { Database } from '@strata/database';
import type { NatsConnection } from 'nats';
// eslint-disable-next-line no-restricted-imports -- see fixture.ts
import type { ProjectsLog } from '../../apps/ingestion-mapping/src/testing/projects-log';
import { encode, rawResolver } from './fixture';

const PROJECT = 1_001;
const TOKEN = `phc_definitions_${'d'.repeat(27)}`;
const NAMES = 100;
const PROPERTIES = 500;
const PER_EVENT = 10;
const BATCH = 1_000;
const IN_FLIGHT = 4;

export interface DefinitionWrites {
  events: number;
  eventsPerSecond: number;
  distinct: number;
  /** Definition events appended to taxonomy's event store (each one read-model row written in its transaction). */
  definitionEvents: number;
  /** Definition rows the read models hold for the project (each written by exactly one of those events). */
  readModelRows: number;
  waitedMs: number;
}

/** 1M events over 100 event names × 500 properties through `ingestion.resolve`, then what taxonomy wrote for them. */
export async function definitionWrites(nc: NatsConnection, prefix: string, log: ProjectsLog, taxonomyDb: Database, total: number): Promise<DefinitionWrites> {
  await log.createProject(PROJECT, [[PROJECT, TOKEN]]);
  const resolve = rawResolver(nc, prefix);
  const probe = encode({ events: [{ token: TOKEN, event: 'probe', distinct_id: 'u' }] });
  while (!(await resolve(probe)).results[0].ok) await new Promise((r) => setTimeout(r, 20));
  const bodies = Array.from({ length: 20 }, (_, seed) => encode(batch(seed)));
  let sent = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: IN_FLIGHT }, async () => {
      while (sent < total) {
        const body = bodies[(sent / BATCH) % bodies.length];
        sent += BATCH;
        await resolve(body);
      }
    }),
  );
  const eventsPerSecond = (sent * 1000) / (performance.now() - started);
  const waitStarted = performance.now();
  while ((await definitionCount(taxonomyDb)) < NAMES + PROPERTIES + 1) await new Promise((r) => setTimeout(r, 100));
  const waitedMs = performance.now() - waitStarted;
  // Another flush round, so a late (duplicate) report would show up in the count.
  await new Promise((r) => setTimeout(r, 1_500));
  return {
    events: sent,
    eventsPerSecond,
    distinct: NAMES + PROPERTIES,
    definitionEvents: await definitionEvents(taxonomyDb),
    readModelRows: (await definitionCount(taxonomyDb)) - 1,
    waitedMs,
  };
}

function batch(seed: number): { events: unknown[] } {
  const events = [];
  for (let i = 0; i < BATCH; i++) {
    const n = seed * BATCH + i;
    const properties: Record<string, unknown> = {};
    for (let p = 0; p < PER_EVENT; p++) {
      const k = (n * PER_EVENT + p) % PROPERTIES;
      properties[`prop-${k}`] = k % 3 === 0 ? n : k % 3 === 1 ? `v${n}` : n % 2 === 0;
    }
    events.push({ token: TOKEN, event: `event-${n % NAMES}`, distinct_id: `user-${n % 1000}`, properties });
  }
  return { events };
}

/** The probe event's definition is the one more than the 600. */
async function definitionCount(db: Database): Promise<number> {
  const [row] = await db.query<{ n: string }>(
    `SELECT (SELECT count(*) FROM event_definitions WHERE project_id = $1) + (SELECT count(*) FROM property_definitions WHERE project_id = $1) AS n`,
    [PROJECT],
  );
  return Number(row.n);
}

async function definitionEvents(db: Database): Promise<number> {
  const [row] = await db.query<{ n: string }>(
    `SELECT count(*) AS n FROM events WHERE (stream_id LIKE $1 OR stream_id LIKE $2) AND stream_id <> $3`,
    [`event-definition-${PROJECT}-%`, `property-definition-${PROJECT}-%`, `event-definition-${PROJECT}-probe`],
  );
  return Number(row.n);
}
