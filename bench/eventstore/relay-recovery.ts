import { eventStreamName } from '@strata/contracts';
import type { Database } from '@strata/database';
import { OutboxRelay, PostgresEventStore } from '@strata/eventstore';
import { connectNats, ensureEventStream } from '@strata/messaging';
import { PrivateNatsServer } from '@strata/nats-server';
import { StorageType } from 'nats';
import { atSteadyRate, nowMs, percentile, Slots } from './stats';

export interface RecoveryFigures {
  /** Restart → the relay's lag (the age of the oldest committed, unpublished event) back under 50 ms. */
  recoveredMs: number;
  /** p99 commit → ack of the events committed before the kill, and of those committed a second after recovery. */
  p99BeforeMs: number;
  p99AfterMs: number;
  /** Restart → a bare JetStream publish on a connection with the same settings is acknowledged: the floor. */
  baselineMs: number;
  /** Restart → the relay's first acknowledged publish, and → every event committed before the restart acknowledged. */
  firstPublishMs: number;
  backlogDrainedMs: number;
  /** Events committed in all, and while the server was down. */
  committed: number;
  committedWhileDown: number;
  /** The stream's copy equals the log afterwards (every event once, in relay order). */
  streamIsTheLog: boolean;
  /** Times the relay found the stream's end elsewhere than its checkpoint (a lost tail, republished). */
  realignments: number;
}

const LAG_TARGET_MS = 50;
const GRID_MS = 5;

/**
 * SPEC §8: nats-server (a private one) is SIGKILLed under `perSecond` appends and restarted on its store after
 * `downMs`; appends go on throughout. The relay uses the services' connection settings (`connectNats`).
 */
export async function benchRelayRecovery(db: Database, perSecond: number, downMs: number): Promise<RecoveryFigures> {
  const server = await PrivateNatsServer.start();
  const nc = await connectNats({ url: server.url, name: 'bench-relay-recovery' });
  const probe = await connectNats({ url: server.url, name: 'bench-relay-recovery-baseline' });
  const prefix = 'recovery.';
  const stream = eventStreamName('projects', prefix);
  const jsm = await nc.jetstreamManager();
  await ensureEventStream(jsm, 'projects', prefix, { storage: StorageType.File });
  // The baseline publishes to a stream of its own: the event stream takes only the relay's messages.
  await jsm.streams.add({ name: 'recovery_probe', subjects: ['recovery.probe'], storage: StorageType.File });
  const store = new PostgresEventStore(db);
  const committedAt = new Map<string, number>();
  const ackedAt = new Map<string, number>();
  const relay = new OutboxRelay({ db, nats: nc, service: 'projects', prefix, batchSize: 500, onPublished: (b) => b.events.forEach((e) => ackedAt.set(e.id, b.ackedAt)) });
  relay.start();
  const appends: Promise<void>[] = [];
  const slots = new Slots(24);
  const failures: unknown[] = [];
  let n = 0;
  let killedAt = 0;
  let restartedAt = 0;
  let baselineAt = 0;
  const load = atSteadyRate(perSecond, 4_000 + downMs + 8_000, (due) => {
    for (let i = 0; i < due; i++) {
      appends.push(
        slots
          .run(() => store.appendToStream(`r-${n++ % 500}`, [{ type: 'Ticked', data: { n } }], { expectedVersion: 'any' }))
          .then(
            (r) => void committedAt.set(r.events[0].id, nowMs()),
            (error: unknown) => void failures.push(error),
          ),
      );
    }
  });
  try {
    await sleep(4_000);
    killedAt = nowMs();
    await server.kill();
    await sleep(downMs);
    await server.restart();
    restartedAt = nowMs();
    baselineAt = await firstAck(probe, 'recovery.probe');
    await load;
    await Promise.all(appends);
    if (failures.length > 0) throw new Error(`${failures.length} appends failed; first: ${String(failures[0])}`);
    const deadline = Date.now() + 60_000;
    while (ackedAt.size < committedAt.size && Date.now() < deadline) await sleep(20);
    const { state } = await jsm.streams.info(stream);
    const spans = [...committedAt].map(([id, at]) => [at, ackedAt.get(id) ?? Infinity] as const);
    const recoveredMs = recoveryAfter(restartedAt, spans);
    const logged = await db.query<{ count: string }>('SELECT count(*) AS count FROM events');
    return {
      recoveredMs,
      p99BeforeMs: p99Lag(spans.filter(([at]) => at < killedAt)),
      p99AfterMs: p99Lag(spans.filter(([at]) => at > restartedAt + recoveredMs + 1_000)),
      firstPublishMs: Math.min(...[...ackedAt.values()].filter((at) => at > restartedAt)) - restartedAt,
      backlogDrainedMs: Math.max(...[...committedAt].filter(([, at]) => at < restartedAt).map(([id]) => ackedAt.get(id) ?? Infinity)) - restartedAt,
      baselineMs: baselineAt - restartedAt,
      committed: committedAt.size,
      committedWhileDown: [...committedAt.values()].filter((at) => at >= killedAt && at < restartedAt).length,
      streamIsTheLog: state.messages === Number(logged[0].count) && ackedAt.size === committedAt.size,
      realignments: relay.stats().realignments,
    };
  } finally {
    await Promise.allSettled(appends);
    await relay.stop();
    await probe.close();
    await nc.close();
    await server.destroy();
  }
}

/** The first moment after the restart when no committed event had waited 50 ms or more unpublished, from the restart. */
function recoveryAfter(restartedAt: number, spans: readonly (readonly [number, number])[]): number {
  const end = Math.max(...spans.map(([, acked]) => acked));
  for (let t = restartedAt; t <= end; t += GRID_MS) {
    if (!spans.some(([at, acked]) => at <= t - LAG_TARGET_MS && acked > t)) return t - restartedAt;
  }
  return Infinity;
}

function p99Lag(spans: readonly (readonly [number, number])[]): number {
  return percentile(spans.map(([at, acked]) => acked - at), 99);
}

async function firstAck(nc: Awaited<ReturnType<typeof connectNats>>, subject: string): Promise<number> {
  const js = nc.jetstream();
  for (;;) {
    try {
      await js.publish(subject, new Uint8Array(), { timeout: 1_000 });
      return nowMs();
    } catch {
      await sleep(5);
    }
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
