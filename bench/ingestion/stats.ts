export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

export const fmt = (n: number, digits = 0): string => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

export const verdict = (met: boolean): string => (met ? 'met' : 'MISSED');

/** Runs `work` from `concurrency` loops until `durationMs` passed; returns how many units they did per second. */
export async function ratePerSecond(durationMs: number, concurrency: number, work: () => Promise<number>): Promise<number> {
  let done = 0;
  const started = performance.now();
  const deadline = started + durationMs;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < deadline) {
        // Not `done += await work()`: that reads `done` before the await, and concurrent loops overwrite each other.
        const units = await work();
        done += units;
      }
    }),
  );
  return (done * 1000) / (performance.now() - started);
}
