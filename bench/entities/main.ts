// Entities (SPEC §8): the list of 1,000 flags in one environment through the gateway beside the same rows read by
// one plain SQL query plus a bare gateway round trip; the promotion of a 200-entity dependency tree beside one
// set-based UPDATE of the same rows. Every figure beside its baseline, from the same run.
// Run: npm run bench:entities   (BENCH_SECONDS, default 5 per load figure; BENCH_TREES, default 7)
import { fmt, percentile } from '../eventstore/stats';
import type { LoadOptions, LoadResult } from '../gateway/load';
import { measureList, type ListFigures } from './list';
import { measurePromotion, type PromotionRun } from './promotion';
import { seedFlags } from './seed';
import { withEntitiesSystem } from './system';

const FLAGS = 1_000;
const TREES = Number(process.env.BENCH_TREES ?? 7);
const seconds = Number(process.env.BENCH_SECONDS ?? 5);
/** One request at a time: the target compares the time of one list with the time of its baselines. */
const SERIAL: LoadOptions = { concurrency: 1, durationMs: seconds * 1000, warmupMs: 500 };
/** A few at once: what the path sustains on two cores. */
const PARALLEL: LoadOptions = { concurrency: 8, durationMs: seconds * 1000, warmupMs: 500 };

async function main(): Promise<void> {
  await withEntitiesSystem(async (target) => {
    await seedFlags(target.rpc, target.scope, FLAGS);
    const serial = await measureList(target, SERIAL, FLAGS);
    const parallel = await measureList(target, PARALLEL, FLAGS);
    const runs: PromotionRun[] = [];
    for (let i = 0; i < TREES; i++) runs.push(await measurePromotion(target.rpc, target.db, target.scope));
    reportList(serial, parallel);
    reportPromotion(runs);
  });
}

const line = (label: string, r: LoadResult) => `${label}: ${fmt(r.perSecond)} req/s, p50 ${fmt(r.p50, 2)} ms, p99 ${fmt(r.p99, 2)} ms (${fmt(r.requests)} requests, ${r.errors} errors)`;

function reportList(serial: ListFigures, parallel: ListFigures): void {
  for (const [label, figures, load] of [['one at a time', serial, SERIAL], ['8 at once', parallel, PARALLEL]] as const) {
    console.log(`list of ${fmt(FLAGS)} flags, ${label} (${load.durationMs / 1000} s each, loopback)`);
    if (figures.gateway) console.log(line('  gateway GET /api/v2/environments/:id/feature_flags/?limit=1000', figures.gateway));
    else console.log('  gateway: no entities list route answered yet — the NATS path below is the measured one');
    console.log(line('  entities.list straight over NATS (no HTTP, no gateway)', figures.service));
    console.log(line('  baseline one plain SQL query of the same rows', figures.sql));
    console.log(line('  baseline bare gateway round trip (GET /api/v2/environments/:id)', figures.roundTrip));
  }
  const measured = serial.gateway ?? serial.service;
  const baseline = serial.sql.p50 + serial.roundTrip.p50;
  const ratio = measured.p50 / baseline;
  console.log(
    `target ≤ 2× (SQL + round trip), p50 one at a time: ${fmt(measured.p50, 2)} ms vs ${fmt(serial.sql.p50, 2)} + ${fmt(serial.roundTrip.p50, 2)} = ` +
      `${fmt(baseline, 2)} ms → ${fmt(ratio, 2)}× ${ratio <= 2 ? 'met' : 'MISSED'}${serial.gateway ? '' : ' (NATS path, not through the gateway)'}`,
  );
}

function reportPromotion(runs: PromotionRun[]): void {
  const promotion = percentile(runs.map((r) => r.promotionMs), 50);
  const update = percentile(runs.map((r) => r.updateMs), 50);
  console.log(`promotion of a ${runs[0].promoted}-entity dependency tree, ${runs.length} fresh trees, median`);
  console.log(`  make_project_wide over NATS: ${fmt(promotion, 1)} ms (runs: ${runs.map((r) => fmt(r.promotionMs, 1)).join(', ')})`);
  console.log(`  baseline one set-based UPDATE of the same rows: ${fmt(update, 2)} ms (runs: ${runs.map((r) => fmt(r.updateMs, 2)).join(', ')})`);
  const ratio = promotion / update;
  console.log(`target ≤ 100 ms and ≤ 5× the UPDATE → ${fmt(promotion, 1)} ms, ${fmt(ratio, 1)}× ${promotion <= 100 && ratio <= 5 ? 'met' : 'MISSED'}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
