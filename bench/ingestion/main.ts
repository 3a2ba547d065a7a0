// Ingestion mapping benchmarks (SPEC §8), each figure beside its baseline from this run:
//   node -r ./infra/register.cjs bench/ingestion/main.ts
// Runs taxonomy and one ingestion-mapping instance as processes (loopback Postgres and NATS, database `test`, a
// namespace of its own), and removes everything it created at the end.
import { connect } from 'nats';
import { RunningSystem } from '@strata/testing';
import { definitionWrites } from './definitions';
import { seedProjects } from './fixture';
import { echoRoundTrip, moveToResolved, oneEventRoundTrip, rotationToRefusal } from './latency';
import { fmt, verdict } from './stats';
import { resolveThroughput, sqlLookupThroughput } from './throughput';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const EVENTS = Number(process.env.BENCH_DEFINITION_EVENTS ?? 1_000_000);

async function main(): Promise<void> {
  const system = await RunningSystem.start({ apps: ['taxonomy', 'ingestion-mapping'], env: { LOG_LEVEL: 'warn' } });
  const { kit } = system;
  const nc = await kit.nats();
  const echo = await connect({ servers: kit.natsUrl, name: 'bench-echo' });
  const log = await seedProjects(kit);
  try {
    const baselineDb = await kit.database('bench_baseline', 8);
    const taxonomyDb = await kit.database('taxonomy', 2);
    await waitUntilResolved(nc, kit.natsPrefix);

    const rate = await resolveThroughput(nc, kit.natsPrefix, SECONDS * 1000);
    const sql = await sqlLookupThroughput(baselineDb, 3_000);
    console.log(
      `ingestion.resolve, batches of 1,000 over NATS, one mapper: ${fmt(rate)} events/s | baseline one SQL lookup per event (8 connections): ${fmt(sql)} events/s` +
        ` → ${fmt(rate / sql, 1)}× | target ≥ 200,000 events/s and ≥ 100× → ${verdict(rate >= 200_000 && rate / sql >= 100)}`,
    );

    const one = await oneEventRoundTrip(nc, kit.natsPrefix, 3_000);
    const bare = await echoRoundTrip(nc, echo, kit.natsPrefix, 3_000);
    console.log(
      `one-event ingestion.resolve round trip: p50 ${fmt(one.p50, 3)} ms, p99 ${fmt(one.p99, 3)} ms | baseline bare NATS request/reply echo: p50 ${fmt(bare.p50, 3)} ms,` +
        ` p99 ${fmt(bare.p99, 3)} ms → ${fmt(one.p50 / bare.p50, 2)}× | target p50 ≤ 1.5× → ${verdict(one.p50 <= 1.5 * bare.p50)}`,
    );

    const rotation = await rotationToRefusal(nc, kit.natsPrefix, log, 40);
    console.log(
      `token rotation (commit) → old token refused by the mapper, 40 rotations: p50 ${fmt(rotation.p50, 1)} ms, p99 ${fmt(rotation.p99, 1)} ms` +
        ` | baseline bare NATS round trip p99 ${fmt(bare.p99, 3)} ms | target p99 ≤ 1,000 ms → ${verdict(rotation.p99 <= 1_000)}`,
    );

    const move = await moveToResolved(nc, kit.natsPrefix, log, 40);
    console.log(
      `environment moved to another project (commit) → its token resolved to that project by the mapper, 40 moves: p50 ${fmt(move.p50, 1)} ms, p99 ${fmt(move.p99, 1)} ms` +
        ` | baseline bare NATS round trip p99 ${fmt(bare.p99, 3)} ms | target ≤ 1,000 ms (SPEC §7) → ${verdict(move.p99 <= 1_000)}`,
    );

    const writes = await definitionWrites(nc, kit.natsPrefix, log, taxonomyDb, EVENTS);
    const bound = writes.distinct * 1.01;
    console.log(
      `definitions: ${fmt(writes.events)} events over 100 event names × 500 properties at ${fmt(writes.eventsPerSecond)} events/s → ` +
        `${fmt(writes.definitionEvents)} definition writes (events appended), ${fmt(writes.readModelRows)} read-model rows` +
        ` | baseline distinct definitions: ${fmt(writes.distinct)} | all present ${fmt(writes.waitedMs)} ms after the last batch` +
        ` | target writes ≤ ${fmt(bound)} and ≥ 200,000 events/s → ${verdict(writes.definitionEvents <= bound && writes.eventsPerSecond >= 200_000)}`,
    );
  } finally {
    await log.close().catch(report);
    await echo.close().catch(report);
    await system.stop().catch(report);
  }
}

async function waitUntilResolved(nc: import('nats').NatsConnection, prefix: string): Promise<void> {
  const { rawResolver, encode, tokenOf, ENVIRONMENTS } = await import('./fixture');
  const resolve = rawResolver(nc, prefix);
  const probe = encode({ events: [{ token: tokenOf(ENVIRONMENTS), event: 'e', distinct_id: 'u' }] });
  while (!(await resolve(probe)).results[0].ok) await new Promise((r) => setTimeout(r, 20));
}

function report(error: unknown): void {
  process.stderr.write(`cleanup: ${error instanceof Error ? error.message : String(error)}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
