import type { Database } from '@strata/database';
import { OutboxRelay, PostgresEventStore, type RelayLogger } from '@strata/eventstore';
import type { NatsConnection } from 'nats';
import { atSteadyRate, nowMs, percentile, Slots } from './stats';

export interface LagFigures {
  p50: number;
  p99: number;
  count: number;
  /** Commits per second achieved (the offered rate, unless the machine could not keep up). */
  committedPerSecond: number;
  baselineP50: number;
  baselineP99: number;
}

const DRAIN_TIMEOUT_MS = 30_000;
/** Twice the benchmark's pool: enough to keep every connection busy, few enough never to queue for seconds. */
const MAX_IN_FLIGHT = 24;

/** The relay's warnings (retries, leadership) belong in the benchmark's output: a retry explains a tail. */
const stderrLogger: RelayLogger = {
  info: () => undefined,
  warn: (context, message) => console.error(`relay warn: ${message}`, describe(context)),
  error: (context, message) => console.error(`relay error: ${message}`, describe(context)),
};

function describe(context: Record<string, unknown>): string {
  return JSON.stringify(context, (_key, value: unknown) => (value instanceof Error ? `${value.name}: ${value.message}` : value));
}

/** Commit (the append resolving) → JetStream ack of the relay's publish, per event, at a steady rate. */
export async function benchRelayLag(db: Database, nc: NatsConnection, prefix: string, perSecond: number, durationMs: number): Promise<LagFigures> {
  const store = new PostgresEventStore(db);
  const committedAt = new Map<string, number>();
  const ackedAt = new Map<string, number>();
  const relay = new OutboxRelay({
    db,
    nats: nc,
    service: 'projects',
    prefix,
    batchSize: 500,
    logger: stderrLogger,
    onPublished: (b) => b.events.forEach((e) => ackedAt.set(e.id, b.ackedAt)),
  });
  const appends: Promise<void>[] = [];
  relay.start();
  // Every append has its handler at once: a failure is counted and reported after all of them, never left unhandled.
  const failures: unknown[] = [];
  const slots = new Slots(MAX_IN_FLIGHT);
  const start = nowMs();
  let lastCommit = start;
  try {
    let n = 0;
    await atSteadyRate(perSecond, durationMs, (due) => {
      for (let i = 0; i < due; i++) {
        const streamId = `lag-${n++ % 500}`;
        appends.push(
          slots
            .run(() => store.appendToStream(streamId, [{ type: 'Ticked', data: { n } }], { expectedVersion: 'any' }))
            .then(
              (r) => void committedAt.set(r.events[0].id, (lastCommit = nowMs())),
              (error: unknown) => void failures.push(error),
            ),
        );
      }
    });
    await Promise.all(appends);
    if (failures.length > 0) {
      const first = failures[0];
      throw new Error(`${failures.length} of ${appends.length} appends failed; first: ${first instanceof Error ? first.message : String(first)}`, { cause: first });
    }
    const drainBy = Date.now() + DRAIN_TIMEOUT_MS;
    while ((await relay.backlog()) > 0) {
      // A benchmark must stop by itself: a relay that cannot drain is a finding, not a reason to hang.
      if (Date.now() > drainBy) throw new Error(`relay did not drain within ${DRAIN_TIMEOUT_MS / 1000} s: ${JSON.stringify(relay.stats())}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  } finally {
    // Never leave appends in flight or the relay running behind the caller's cleanup (DROP SCHEMA would deadlock with them).
    await Promise.allSettled(appends);
    await relay.stop();
  }
  const lags = [...committedAt].map(([id, at]) => Math.max(0, (ackedAt.get(id) ?? Infinity) - at));
  const baseline = await publishBaseline(nc, prefix, perSecond, durationMs);
  return {
    p50: percentile(lags, 50),
    p99: percentile(lags, 99),
    count: lags.length,
    committedPerSecond: lags.length / ((lastCommit - start) / 1000),
    baselineP50: percentile(baseline, 50),
    baselineP99: percentile(baseline, 99),
  };
}

/** Plain `js.publish` → ack latency into the same stream at the same rate. */
async function publishBaseline(nc: NatsConnection, prefix: string, perSecond: number, durationMs: number): Promise<number[]> {
  const js = nc.jetstream();
  const latencies: number[] = [];
  const pending: Promise<void>[] = [];
  let n = 0;
  await atSteadyRate(perSecond, durationMs, (due) => {
    for (let i = 0; i < due; i++) {
      const start = nowMs();
      const body = Buffer.from(JSON.stringify({ n: n++, data: { n } }));
      pending.push(js.publish(`${prefix}events.projects.Baseline`, body, { msgID: `baseline-${n}` }).then(() => void latencies.push(nowMs() - start)));
    }
  });
  await Promise.all(pending);
  return latencies;
}
