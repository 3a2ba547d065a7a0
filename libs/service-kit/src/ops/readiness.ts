export type Probe = () => Promise<unknown>;

export type ProbeResult = { status: 'ok'; ms: number } | { status: 'failed'; ms: number; error: string };

export interface ReadinessReport {
  status: 'ready' | 'unavailable';
  probes: Record<string, ProbeResult>;
  /** Names of the failed probes, for a quick look. */
  failed: string[];
}

/**
 * Named checks behind `/_ready`. A probe passes by resolving; it fails by rejecting or by not answering within the
 * timeout, so one hung dependency cannot hang the endpoint that reports it.
 */
export class Readiness {
  private readonly probes = new Map<string, Probe>();

  constructor(private readonly timeoutMs = 2_000) {}

  register(name: string, probe: Probe): void {
    if (this.probes.has(name)) throw new Error(`readiness probe "${name}" is already registered`);
    this.probes.set(name, probe);
  }

  async check(): Promise<ReadinessReport> {
    const entries = await Promise.all([...this.probes].map(async ([name, probe]) => [name, await this.run(probe)] as const));
    const failed = entries.filter(([, result]) => result.status === 'failed').map(([name]) => name);
    return { status: failed.length === 0 ? 'ready' : 'unavailable', probes: Object.fromEntries(entries), failed };
  }

  private async run(probe: Probe): Promise<ProbeResult> {
    const started = performance.now();
    const elapsed = () => Math.round(performance.now() - started);
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${this.timeoutMs} ms`)), this.timeoutMs);
    });
    try {
      await Promise.race([probe(), timeout]);
      return { status: 'ok', ms: elapsed() };
    } catch (error) {
      return { status: 'failed', ms: elapsed(), error: error instanceof Error ? error.message : String(error) };
    } finally {
      clearTimeout(timer);
    }
  }
}
