import { Agent, request } from 'node:http';
import { percentile } from '../eventstore/stats';

export interface LoadResult {
  requests: number;
  perSecond: number;
  p50: number;
  p99: number;
  errors: number;
  /** How long it measured, and each answered call's latency (ms): to merge slices of one series (`merged`). */
  seconds: number;
  latencies: number[];
}

export interface LoadOptions {
  concurrency: number;
  durationMs: number;
  warmupMs: number;
}

/** Closed-loop load: `concurrency` workers, each sending its next call as soon as the previous one answered. */
export async function closedLoop(call: () => Promise<boolean>, options: LoadOptions): Promise<LoadResult> {
  await runFor(call, options.concurrency, options.warmupMs, []);
  const latencies: number[] = [];
  const started = performance.now();
  const errors = await runFor(call, options.concurrency, options.durationMs, latencies);
  const seconds = (performance.now() - started) / 1000;
  return {
    requests: latencies.length,
    perSecond: latencies.length / seconds,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    errors,
    seconds,
    latencies,
  };
}

/** One series measured in slices (interleaved with another's, so both see the same load on a shared machine). */
export function merged(slices: readonly LoadResult[]): LoadResult {
  const latencies = slices.flatMap((slice) => slice.latencies);
  const seconds = slices.reduce((sum, slice) => sum + slice.seconds, 0);
  return {
    requests: latencies.length,
    perSecond: latencies.length / seconds,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    errors: slices.reduce((sum, slice) => sum + slice.errors, 0),
    seconds,
    latencies,
  };
}

async function runFor(call: () => Promise<boolean>, concurrency: number, durationMs: number, latencies: number[]): Promise<number> {
  const deadline = performance.now() + durationMs;
  let errors = 0;
  const worker = async () => {
    while (performance.now() < deadline) {
      const start = performance.now();
      const ok = await call().catch(() => false);
      if (ok) latencies.push(performance.now() - start);
      else errors++;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return errors;
}

/** A keep-alive HTTP GET on loopback: `true` when it answered 200. */
export function httpGetter(url: string, headers: Record<string, string>, sockets: number): { get: () => Promise<boolean>; close: () => void } {
  const agent = new Agent({ keepAlive: true, maxSockets: sockets });
  const target = new URL(url);
  const get = () =>
    new Promise<boolean>((resolve, reject) => {
      const req = request({ host: target.hostname, port: target.port, path: `${target.pathname}${target.search}`, headers, agent }, (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode === 200));
      });
      req.on('error', reject);
      req.end();
    });
  return { get, close: () => agent.destroy() };
}
