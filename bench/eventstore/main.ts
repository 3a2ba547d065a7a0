// Event store benchmarks (SPEC §8). Run: node -r ./infra/register.cjs bench/eventstore/main.ts
import { randomBytes } from 'node:crypto';
import { eventStreamName } from '@strata/contracts';
import { Database, migrate } from '@strata/database';
import { eventStoreMigrations } from '@strata/eventstore';
import { ensureEventStream } from '@strata/messaging';
import { connect, StorageType } from 'nats';
import { benchAppend } from './append';
import { benchBulkAppend, printBulk } from './bulk-append';
import { benchRelayLag } from './relay-lag';
import { benchRelayRecovery } from './relay-recovery';
import { fmt } from './stats';

const DATABASE_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const NATS_URL = process.env.NATS_URL ?? 'nats://127.0.0.1:4222';

async function main(): Promise<void> {
  const run = randomBytes(4).toString('hex');
  const schema = `b_${run}_eventstore`;
  const prefix = `b${run}.`;
  await migrate({ url: DATABASE_URL, schema, migrations: eventStoreMigrations });
  const db = new Database({ url: DATABASE_URL, schema, poolSize: 12 });
  const nc = await connect({ servers: NATS_URL, name: `bench-eventstore-${run}` });
  const jsm = await nc.jetstreamManager();
  await ensureEventStream(jsm, 'projects', prefix, { duplicateWindowMs: 120_000, storage: StorageType.File });
  try {
    const append = await benchAppend(db, 100_000, 1_000, 4);
    console.log(
      `append through handleCommand, 100,000 events in commands of 1,000, 4 concurrent: ${fmt(append.eventsPerSecond)} events/s` +
        ` | baseline plain batched INSERT: ${fmt(append.baselinePerSecond)} events/s | target ≥ 20,000 events/s` +
        ` → ${append.eventsPerSecond >= 20_000 ? 'met' : 'MISSED'}`,
    );
    await db.query('TRUNCATE events');
    printBulk(await benchBulkAppend(db, 55_000));
    await db.query('TRUNCATE events');
    const lag = await benchRelayLag(db, nc, prefix, 2_000, 10_000);
    console.log(
      `outbox relay lag commit → JetStream ack, ${fmt(lag.count)} events at 2,000 events/s, one event per append (committed ${fmt(lag.committedPerSecond)}/s): p50 ${fmt(lag.p50, 2)} ms, p99 ${fmt(lag.p99, 2)} ms` +
        ` | baseline plain JetStream publish → ack: p50 ${fmt(lag.baselineP50, 2)} ms, p99 ${fmt(lag.baselineP99, 2)} ms | target p99 ≤ 50 ms` +
        ` → ${lag.p99 <= 50 ? 'met' : 'MISSED'}`,
    );
    await db.query('TRUNCATE events, outbox_checkpoints');
    const recovery = await benchRelayRecovery(db, 2_000, 2_000);
    console.log(
      `nats-server SIGKILLed under 2,000 appends/s, restarted after 2 s (${fmt(recovery.committed)} events, ${fmt(recovery.committedWhileDown)} while down, ` +
        `${recovery.realignments} realignment(s), stream = log: ${recovery.streamIsTheLog ? 'yes' : 'NO'}): restart → relay lag back under 50 ms ${fmt(recovery.recoveredMs)} ms` +
        ` (first publish ${fmt(recovery.firstPublishMs)} ms, backlog drained ${fmt(recovery.backlogDrainedMs)} ms; lag p99 ${fmt(recovery.p99BeforeMs, 1)} ms before the kill, ${fmt(recovery.p99AfterMs, 1)} ms after)` +
        ` | baseline restart → a bare JetStream publish acknowledged ${fmt(recovery.baselineMs)} ms | target ≤ 10,000 ms` +
        ` → ${recovery.recoveredMs <= 10_000 && recovery.streamIsTheLog ? 'met' : 'MISSED'}`,
    );
  } finally {
    // Each step runs even when an earlier one fails, and none of them replaces the benchmark's own error.
    await cleanup([
      () => jsm.streams.delete(eventStreamName('projects', prefix)),
      () => nc.drain(),
      () => db.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`),
      () => db.close(),
    ]);
  }
}

/** Runs every step; a failing one is reported on stderr, never thrown over the error that brought us here. */
async function cleanup(steps: (() => Promise<unknown>)[]): Promise<void> {
  for (const step of steps) {
    try {
      await step();
    } catch (error) {
      console.error('cleanup failed:', error);
      process.exitCode = 1;
    }
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
