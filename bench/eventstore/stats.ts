export function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/** Epoch milliseconds with sub-millisecond precision (the relay's `ackedAt` clock). */
export function nowMs(): number {
  return performance.timeOrigin + performance.now();
}

/** Calls `tick(n)` every `intervalMs` with the number of operations due since the last tick, for `durationMs`. */
export async function atSteadyRate(perSecond: number, durationMs: number, tick: (n: number) => void): Promise<void> {
  const start = performance.now();
  let issued = 0;
  const total = Math.round((perSecond * durationMs) / 1000);
  while (issued < total) {
    const due = Math.min(total, Math.floor(((performance.now() - start) * perSecond) / 1000));
    if (due > issued) tick(due - issued);
    issued = Math.max(issued, due);
    await new Promise((r) => setTimeout(r, 2));
  }
}

export const fmt = (n: number, digits = 0): string => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

/**
 * Bounds the appends in flight, so that a machine which cannot keep up with the offered rate makes the benchmark
 * commit late (reported as `committedPerSecond`) instead of piling thousands of appends into the pool's queue, where
 * they fail with its connect timeout. The lag is measured from each commit, so waiting for a slot does not count.
 */
export class Slots {
  private free: number;
  private readonly waiting: (() => void)[] = [];

  constructor(size: number) {
    this.free = size;
  }

  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.free > 0) this.free -= 1;
    else await new Promise<void>((resolve) => this.waiting.push(resolve));
    try {
      return await work();
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.free += 1;
    }
  }
}
