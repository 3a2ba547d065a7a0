// The SDK streams at scale (SPEC §8): STREAMS idle SSE connections (Flagsmith's `/sse/environments/:key/stream`) on
// one gateway instance — its memory per connection (RSS delta / connections) — then change → every stream notified:
// a state PATCHed through the API, the time until each connection has read its `environment_updated`. The same
// changes with one stream open, in the same run, are the baseline: what fan-out to every connection adds.
// Run: npm run bench:sse   (SSE_STREAMS, default 10000: each connection is a descriptor on both sides, see `ulimit -n`)
import { connect, type Socket } from 'node:net';
import { loadavg } from 'node:os';
import { RunningSystem } from '@strata/testing';
import { fmt, percentile } from '../eventstore/stats';
import { Api, type Environment } from '../flag-evaluation/api';

const STREAMS = Number(process.env.SSE_STREAMS ?? 10_000);
const CHANGES = 10;
/** Connections opened at once: within the listen backlog. */
const OPENING = 200;
const TARGET_P99_MS = 1_000;

interface Stream {
  socket: Socket;
  /** When the last `environment_updated` was read (performance.now()). */
  notifiedAt?: number;
}

async function main(): Promise<void> {
  const descriptors = await openFileLimit();
  if (descriptors !== undefined && descriptors < STREAMS + 1_000) throw new Error(`ulimit -n is ${descriptors}: raise it (ulimit -n ${STREAMS + 2_000}) or set SSE_STREAMS lower`);
  const system = await RunningSystem.start({ apps: ['gateway', 'projects', 'entities'], env: { LOG_LEVEL: 'warn', SSE_MAX_STREAMS_PER_KEY: String(STREAMS + 1) } });
  const streams: Stream[] = [];
  try {
    const api = new Api(system.baseUrl);
    const { environment, flagIds } = await api.environmentWith(10);
    const change = changer(api, environment, flagIds[0] ?? '');
    const url = new URL(`${system.baseUrl}/sse/environments/${environment.api_token}/stream`);

    streams.push(await openStream(url));
    const baseline = await notifications(streams, change);
    const idle = await residentBytes(system.baseUrl);
    for (let opened = 1; opened < STREAMS; opened += OPENING) {
      streams.push(...(await Promise.all(Array.from({ length: Math.min(OPENING, STREAMS - opened) }, () => openStream(url)))));
    }
    const open = await openStreams(system.baseUrl);
    const held = await residentBytes(system.baseUrl);
    const before = await serverWrites(system.baseUrl);
    const fanOut = await notifications(streams, change);
    const after = await serverWrites(system.baseUrl);
    const written = (after.sum - before.sum) / Math.max(after.count - before.count, 1);
    report({ open, idle, held, baseline, fanOut, written });
  } finally {
    for (const stream of streams) stream.socket.destroy();
    await system.stop();
  }
}

/** A PATCH of a state's value: each call a new answer of the environment. */
function changer(api: Api, environment: Environment, flagId: string): () => Promise<void> {
  let n = 0;
  return async () => {
    await api.json('PATCH', `${api.baseUrl}/api/v2/environments/${environment.id}/feature_flags/${flagId}/state`, { enabled: true, feature_state_value: { type: 'unicode', string_value: `change-${n++}` } });
  };
}

/**
 * A stream read from a bare socket: the client's own work per message is one search of the bytes, so the figures are
 * the server's and the kernel's rather than an HTTP client's (10,000 of them share this one thread).
 */
function openStream(url: URL): Promise<Stream> {
  return new Promise((resolve, reject) => {
    const socket = connect(Number(url.port), url.hostname);
    const stream: Stream = { socket };
    let answered = false;
    socket.on('data', (chunk: Buffer) => {
      if (!answered) {
        answered = true;
        if (!chunk.subarray(0, 16).toString('latin1').startsWith('HTTP/1.1 200')) reject(new Error(`the stream answered ${chunk.subarray(0, 40).toString()}`));
        else resolve(stream);
      }
      if (chunk.includes('event: environment_updated')) stream.notifiedAt = performance.now();
    });
    socket.on('error', reject);
    socket.write(`GET ${url.pathname} HTTP/1.1\r\nHost: ${url.host}\r\nAccept: text/event-stream\r\n\r\n`);
  });
}

/** Per change: from the PATCH sent to each stream's notification; the change's last stream is "every stream notified". */
async function notifications(streams: Stream[], change: () => Promise<void>): Promise<{ each: number[]; every: number[] }> {
  const each: number[] = [];
  const every: number[] = [];
  for (let n = 0; n < CHANGES; n++) {
    for (const stream of streams) stream.notifiedAt = undefined;
    const started = performance.now();
    await change();
    while (streams.some((stream) => stream.notifiedAt === undefined)) {
      if (performance.now() - started > 30_000) throw new Error(`change ${n}: ${streams.filter((stream) => stream.notifiedAt === undefined).length} streams not notified after 30 s`);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    const latencies = streams.map((stream) => (stream.notifiedAt ?? started) - started);
    each.push(...latencies);
    every.push(Math.max(...latencies));
  }
  return { each, every };
}

async function metric(baseUrl: string, name: string): Promise<number> {
  const text = await (await fetch(`${baseUrl}/metrics`)).text();
  const value = new RegExp(`^${name}(?:\\{[^}]*\\})? (\\S+)$`, 'm').exec(text)?.[1];
  if (value === undefined) throw new Error(`no ${name} in /metrics`);
  return Number(value);
}

const residentBytes = (baseUrl: string) => metric(baseUrl, 'process_resident_memory_bytes');
const serverWrites = async (baseUrl: string) => ({ sum: await metric(baseUrl, 'strata_sdk_stream_fanout_seconds_sum'), count: await metric(baseUrl, 'strata_sdk_stream_fanout_seconds_count') });
const openStreams = (baseUrl: string) => metric(baseUrl, 'strata_sdk_streams_open');

async function openFileLimit(): Promise<number | undefined> {
  const { execFileSync } = await import('node:child_process');
  const limit = execFileSync('sh', ['-c', 'ulimit -n'], { encoding: 'utf8' }).trim();
  return limit === 'unlimited' ? undefined : Number(limit);
}

function report(run: { open: number; idle: number; held: number; baseline: { each: number[]; every: number[] }; fanOut: { each: number[]; every: number[] }; written: number }): void {
  const mb = (bytes: number) => fmt(bytes / 1024 / 1024, 1);
  const [one, five, fifteen] = loadavg().map((value) => fmt(value, 2));
  console.log(`${fmt(run.open)} SSE streams open on one gateway instance (one environment, one key), loopback; load average ${one} ${five} ${fifteen}`);
  console.log(`gateway RSS: ${mb(run.idle)} MB with 1 stream, ${mb(run.held)} MB with ${fmt(run.open)} → ${fmt((run.held - run.idle) / Math.max(run.open - 1, 1) / 1024, 1)} KB per connection`);
  const line = (label: string, r: { each: number[]; every: number[] }) =>
    `${label}, ${CHANGES} changes: per stream p50 ${fmt(percentile(r.each, 50), 1)} ms, p99 ${fmt(percentile(r.each, 99), 1)} ms; every stream notified p50 ${fmt(percentile(r.every, 50), 1)} ms, max ${fmt(Math.max(...r.every), 1)} ms`;
  console.log(line('  baseline, 1 stream (PATCH sent → environment_updated read)', run.baseline));
  console.log(line(`change → notified, ${fmt(run.open)} streams`, run.fanOut));
  console.log(`  of which the gateway writing one change to all ${fmt(run.open)} streams: ${fmt(run.written * 1000, 1)} ms on average (strata_sdk_stream_fanout_seconds)`);
  const p99 = percentile(run.fanOut.each, 99);
  console.log(`  target p99 ≤ ${TARGET_P99_MS} ms → ${p99 <= TARGET_P99_MS ? 'met' : 'MISSED'} (p99 ${fmt(p99, 1)} ms)`);
  console.log(`load average after the run: ${loadavg().map((value) => fmt(value, 2)).join(' ')}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
