import type { Database } from '@strata/database';
import type { NatsConnection } from 'nats';
import { batchOf, encode, ENVIRONMENTS, projectOf, rawResolver, tokenOf } from './fixture';
import { ratePerSecond } from './stats';

const BATCH = 1_000;
const IN_FLIGHT = 8;
/** Every n-th reply is parsed and checked in full; the others by their opening bytes — on two cores the client's own
 * JSON.parse of every 100 KB reply would otherwise be what is measured, not the mapper. */
const CHECK_EVERY = 16;
const REPLY_OPENING = new TextEncoder().encode('{"results":[{"ok":true');

/** `ingestion.resolve` over NATS at batches of 1,000, several requests in flight, against one mapper instance. */
export async function resolveThroughput(nc: NatsConnection, prefix: string, durationMs: number): Promise<number> {
  const resolve = rawResolver(nc, prefix);
  const subject = `${prefix}ingestion.resolve`;
  const request = async (body: Uint8Array) => (await nc.request(subject, body, { timeout: 30_000 })).data;
  const bodies = Array.from({ length: 20 }, (_, seed) => encode(batchOf(BATCH, seed)));
  // Warm-up: registers the group types and reports the definitions, so the measured batches are the steady state.
  for (const body of bodies) await resolve(body);
  let next = 0;
  return ratePerSecond(durationMs, IN_FLIGHT, async () => {
    const n = next++;
    const reply = await request(bodies[n % bodies.length]);
    if (n % CHECK_EVERY === 0) {
      const { results } = JSON.parse(new TextDecoder().decode(reply)) as { results: { ok: boolean }[] };
      if (results.length !== BATCH || !results.every((r) => r.ok)) throw new Error('resolve answered something else');
    } else if (!REPLY_OPENING.every((byte, i) => reply[i] === byte)) {
      throw new Error('resolve answered something else');
    }
    return BATCH;
  });
}

/** Baseline: the same lookups as one SQL query per event (token → environment, project), on a pool of connections. */
export async function sqlLookupThroughput(db: Database, durationMs: number): Promise<number> {
  await db.query('CREATE TABLE IF NOT EXISTS environment_tokens (token text PRIMARY KEY, environment_id bigint NOT NULL, project_id bigint NOT NULL)');
  const ids = Array.from({ length: ENVIRONMENTS }, (_, i) => i + 1);
  await db.query(
    'INSERT INTO environment_tokens SELECT * FROM unnest($1::text[], $2::bigint[], $3::bigint[]) ON CONFLICT DO NOTHING',
    [ids.map(tokenOf), ids, ids.map(projectOf)],
  );
  let n = 0;
  return ratePerSecond(durationMs, 8, async () => {
    const rows = await db.query('SELECT environment_id, project_id FROM environment_tokens WHERE token = $1', [tokenOf((n++ % ENVIRONMENTS) + 1)]);
    if (rows.length !== 1) throw new Error('lookup missed');
    return 1;
  });
}
