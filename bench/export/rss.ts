import { readdirSync, readFileSync, writeFileSync } from 'node:fs';

/**
 * Peak resident memory of the service processes this benchmark started (children of this process, found by the
 * `apps/<name>/src/main.ts` they run). Each phase resets the kernel's high-water mark (`clear_refs` 5) and reads
 * `VmHWM` at its end; where the reset is not allowed, the peak of `VmRSS` sampled every 20 ms stands in.
 */
export class PeakMemory {
  private readonly pids: Map<string, number>;
  private sampled = new Map<string, number>();
  private timer: NodeJS.Timeout | undefined;
  private resettable = true;

  constructor(names: readonly string[]) {
    this.pids = childPids(names);
    const missing = names.filter((name) => !this.pids.has(name));
    if (missing.length > 0) throw new Error(`no process found for ${missing.join(', ')}`);
  }

  /** MB per service right now: what each holds at rest, the baseline of its peaks. */
  current(): Record<string, number> {
    return Object.fromEntries([...this.pids].map(([name, pid]) => [name, statusKb(pid, 'VmRSS') / 1024]));
  }

  /** Starts a phase: the peaks measured from now on. Answers each service's MB at the start (a peak is never below it). */
  begin(): Record<string, number> {
    this.sampled = new Map();
    const start = this.current();
    for (const pid of this.pids.values()) {
      try {
        writeFileSync(`/proc/${pid}/clear_refs`, '5');
      } catch {
        this.resettable = false;
      }
    }
    this.timer = setInterval(() => this.sample(), 20);
    return start;
  }

  /** Ends the phase: MB per service. */
  end(): Record<string, number> {
    clearInterval(this.timer);
    this.sample();
    const peaks: Record<string, number> = {};
    for (const [name, pid] of this.pids) peaks[name] = this.resettable ? statusKb(pid, 'VmHWM') / 1024 : (this.sampled.get(name) ?? 0) / 1024;
    return peaks;
  }

  get method(): string {
    return this.resettable ? 'VmHWM after clear_refs' : 'VmRSS sampled every 20 ms';
  }

  private sample(): void {
    for (const [name, pid] of this.pids) this.sampled.set(name, Math.max(this.sampled.get(name) ?? 0, statusKb(pid, 'VmRSS')));
  }
}

function statusKb(pid: number, field: string): number {
  const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match ? Number(match[1]) : 0;
}

function childPids(names: readonly string[]): Map<string, number> {
  const found = new Map<string, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid !== process.pid) continue;
      const command = readFileSync(`/proc/${entry}/cmdline`, 'utf8');
      const name = names.find((candidate) => command.includes(`apps/${candidate}/src/main.ts`));
      if (name !== undefined) found.set(name, Number(entry));
    } catch {
      // the process ended while being read
    }
  }
  return found;
}
