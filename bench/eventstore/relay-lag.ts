import type { Database } from '@strata/database';
import { OutboxRelay, PostgresEventStore } from '@strata/eventstore';
import type { NatsConnection } from 'nats';
import { atSteadyRate, nowMs, percentile } from './stats';

export interface LagFigures {
  p50: number;
  p99: number;
  count: number;
  baselineP50: number;
  baselineP99: number;
}

/** Commit (the append resolving) → JetStream ack of the relay's publish, per event, at a steady rate. */
export async function benchRelayLag(db: Database, nc: NatsConnection, prefix: string, perSecond: number, durationMs: number): Promise<LagFigures> {
  const store = new PostgresEventStore(db);
  const committedAt = new Map<string, number>();
  const ackedAt = new Map<string, number>();
  const relay = new OutboxRelay({ db, nats: nc, service: 'projects', prefix, batchSize: 500, onPublished: (b) => b.events.forEach((e) => ackedAt.set(e.id, b.ackedAt)) });
  relay.start();
  const appends: Promise<void>[] = [];
  let n = 0;
  await atSteadyRate(perSecond, durationMs, (due) => {
    for (let i = 0; i < due; i++) {
      const streamId = `lag-${n++ % 500}`;
      appends.push(store.appendToStream(streamId, [{ type: 'Ticked', data: { n } }], { expectedVersion: 'any' }).then((r) => void committedAt.set(r.events[0].id, nowMs())));
    }
  });
  await Promise.all(appends);
  while ((await relay.backlog()) > 0) await new Promise((r) => setTimeout(r, 20));
  await relay.stop();
  const lags = [...committedAt].map(([id, at]) => Math.max(0, (ackedAt.get(id) ?? Infinity) - at));
  const baseline = await publishBaseline(nc, prefix, perSecond, durationMs);
  return { p50: percentile(lags, 50), p99: percentile(lags, 99), count: lags.length, baselineP50: percentile(baseline, 50), baselineP99: percentile(baseline, 99) };
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
