// Restart of a flag-evaluation instance (SPEC §3 and §8: ready within 2 s whatever the length of the history):
// 50 flags with cohorts and overrides made through the API, then HISTORY_EVENTS state changes of them appended to
// the entities event store (real event shapes, relayed to JetStream by the entities service). Time from process
// start to ready (`/_ready` answers 200), starting from the model's snapshot, beside a full replay (the baseline)
// and beside an instance with no history at all (the process's own floor), alternating in the same run. The instance runs compiled, as `npm start` runs it (the bench builds dist/ first).
// Run: npm run bench:restart   (HISTORY_EVENTS, default 100000; ROUNDS, default 3)
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { eventStreamName, flags } from '@strata/contracts';
import type { Database } from '@strata/database';
import { PostgresEventStore } from '@strata/eventstore';
import { RpcClient } from '@strata/messaging';
import { discardSnapshot } from '@strata/service-kit';
import { freePort, RunningSystem } from '@strata/testing';
import { fmt, percentile } from '../eventstore/stats';
import { Api } from '../flag-evaluation/api';

const HISTORY = Number(process.env.HISTORY_EVENTS ?? 100_000);
const ROUNDS = Number(process.env.ROUNDS ?? 3);
const APPEND_BATCH = 1_000;
const ROOT = path.resolve(__dirname, '../..');
const MODEL = 'flag-evaluation';

interface Start {
  readyMs: number;
  /** The instance's own account: events applied to catch up, and how long its model took. */
  replayed: number;
  modelMs: number;
  from: string;
}

async function main(): Promise<void> {
  execFileSync(process.execPath, [path.join(ROOT, 'infra/build.mjs')], { cwd: ROOT, stdio: 'ignore' });
  const system = await RunningSystem.start({ apps: ['gateway', 'projects', 'entities', 'flag-evaluation'], env: { LOG_LEVEL: 'warn' } });
  const rpc = new RpcClient({ nc: await system.kit.nats(), prefix: system.kit.natsPrefix });
  try {
    await new Api(system.baseUrl).environmentWith(50);
    await system.stopApp('flag-evaluation');
    const total = await appendHistory(system, await system.kit.database('entities'));
    const model = await system.kit.database('flag-evaluation');
    const replays: Start[] = [];
    const snapshots: Start[] = [];
    const empties: Start[] = [];
    // Elsewhere in the run's namespace: streams of nothing, a schema of its own (migrated by a first, untimed start).
    const empty = { NATS_PREFIX: `${system.kit.natsPrefix}empty.`, DATABASE_SCHEMA: system.kit.schema('flag_evaluation_empty') };
    await timedStart(system, undefined, empty);
    for (let round = 0; round < ROUNDS; round++) {
      await discardSnapshot(model, MODEL);
      replays.push(await timedStart(system, rpc, {}, async () => waitForSnapshot(model, total)));
      snapshots.push(await timedStart(system, rpc));
      empties.push(await timedStart(system, undefined, empty));
    }
    report(total, { snapshots, replays, empties });
  } finally {
    rpc.close();
    await system.stop();
  }
}

/** HISTORY state changes of the environment's flags, copied from the real ones, in appends of APPEND_BATCH events. */
async function appendHistory(system: RunningSystem, entities: Database): Promise<number> {
  const originals = await entities.query<{ data: { flagId: string; projectId: number; environmentId: number; state: Record<string, unknown> } }>(
    `SELECT data FROM events WHERE type = 'FlagStateChanged' ORDER BY global_position`,
  );
  if (originals.length === 0) throw new Error('no FlagStateChanged event to copy');
  const store = new PostgresEventStore(entities);
  const started = performance.now();
  for (let batch = 0; batch * APPEND_BATCH < HISTORY; batch++) {
    const events = Array.from({ length: Math.min(APPEND_BATCH, HISTORY - batch * APPEND_BATCH) }, (_, i) => {
      const original = originals[(batch * APPEND_BATCH + i) % originals.length].data;
      return { type: 'FlagStateChanged', data: { ...original, state: { ...original.state, enabled: (batch + i) % 3 !== 0 } } };
    });
    await store.appendToStream(`bench-history-${batch}`, events, { expectedVersion: 'no_stream', metadata: { actor: 'bench' } });
  }
  const jsm = await (await system.kit.nats()).jetstreamManager();
  const stream = eventStreamName('entities', system.kit.natsPrefix);
  const target = (await entities.query<{ count: string }>('SELECT count(*) FROM events'))[0]?.count;
  while ((await jsm.streams.info(stream)).state.messages < Number(target)) await sleep(100);
  console.log(`history: ${fmt(HISTORY)} FlagStateChanged events appended and relayed in ${fmt((performance.now() - started) / 1000, 1)} s`);
  return Number(target);
}

/** Spawns an instance, times it to ready, asks it how it started (`rpc`), runs `before` while it is up, stops it. */
async function timedStart(system: RunningSystem, rpc: RpcClient | undefined, overrides: Record<string, string> = {}, before?: () => Promise<void>): Promise<Start> {
  const port = await freePort();
  const env = { ...process.env, ...system.appEnv('flag-evaluation'), PORT: String(port), HOST: '127.0.0.1', MODEL_SNAPSHOT_EVERY_EVENTS: '1', MODEL_SNAPSHOT_EVERY_MS: '500', ...overrides };
  const started = performance.now();
  const child = spawn(process.execPath, [path.join(ROOT, 'dist/apps/flag-evaluation/src/main.js')], { cwd: ROOT, env, stdio: 'ignore' });
  try {
    while ((await fetch(`http://127.0.0.1:${port}/_ready`).catch(() => undefined))?.status !== 200) {
      if (child.exitCode !== null) throw new Error(`flag-evaluation exited with ${child.exitCode}`);
      await sleep(5);
    }
    const readyMs = performance.now() - started;
    const digest = await rpc?.request<flags.ModelDigest>(flags.FlagsSubjects.modelDigest, {});
    await before?.();
    return { readyMs, replayed: digest?.start?.replayed ?? 0, modelMs: digest?.start?.ms ?? 0, from: digest?.start?.from ?? 'empty' };
  } finally {
    await stop(child);
  }
}

async function waitForSnapshot(model: Database, events: number): Promise<void> {
  for (;;) {
    const [row] = await model.query<{ covered: string }>('SELECT covered FROM model_snapshots WHERE model = $1', [MODEL]);
    if (row !== undefined && Number(row.covered) >= events) return;
    await sleep(100);
  }
}

function stop(child: ChildProcess): Promise<unknown> {
  if (child.exitCode !== null) return Promise.resolve();
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  return exited;
}

function report(events: number, runs: { snapshots: Start[]; replays: Start[]; empties: Start[] }): void {
  const loadavg = readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
  const ready = (starts: Start[]) => `ready in p50 ${fmt(percentile(starts.map((s) => s.readyMs), 50))} ms (each: ${starts.map((s) => fmt(s.readyMs)).join(', ')} ms)`;
  const model = (starts: Start[]) => `model: ${starts.map((s) => `${s.from} of ${fmt(s.replayed)} events in ${fmt(s.modelMs)} ms`).join(', ')}`;
  console.log(`flag-evaluation restart, ${fmt(events)} events in the entities stream, ${ROUNDS} rounds, load average ${loadavg}`);
  console.log(`from its snapshot: ${ready(runs.snapshots)}; ${model(runs.snapshots)}`);
  console.log(`  baseline full replay: ${ready(runs.replays)}; ${model(runs.replays)}`);
  console.log(`  floor, an instance with no history: ${ready(runs.empties)}`);
  const worst = Math.max(...runs.snapshots.map((s) => s.readyMs));
  console.log(`target ready ≤ 2 s whatever the history → ${worst <= 2_000 ? 'met' : 'MISSED'} (slowest start from a snapshot ${fmt(worst)} ms)`);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
