import type { Logger } from 'pino';

/**
 * The order a service stops in: stop taking HTTP requests, stop taking NATS requests (drain the RPC
 * subscriptions), let consumers and the relay finish what they hold, then close connections (NATS, Postgres).
 */
export const STOP_STAGES = ['http', 'rpc', 'workers', 'app', 'connections'] as const;
export type StopStage = (typeof STOP_STAGES)[number];

export type StopHook = () => Promise<unknown> | unknown;

interface RegisteredHook {
  stage: StopStage;
  name: string;
  stop: StopHook;
}

export type ShutdownOutcome = 'clean' | 'failed' | 'timed-out';

/**
 * Runs the registered stop hooks once, stage by stage (in registration order within a stage), bounded by a
 * timeout. A hook that fails is logged and the others still run: closing the database must not depend on the
 * relay having stopped cleanly.
 */
export class Shutdown {
  private readonly hooks: RegisteredHook[] = [];
  private running: Promise<ShutdownOutcome> | undefined;

  constructor(
    private readonly logger: Logger,
    private readonly timeoutMs: number,
  ) {}

  onStop(stage: StopStage, name: string, stop: StopHook): void {
    this.hooks.push({ stage, name, stop });
  }

  get started(): boolean {
    return this.running !== undefined;
  }

  /** Idempotent: a second signal while stopping waits for the same run. */
  run(reason: string): Promise<ShutdownOutcome> {
    this.running ??= this.runBounded(reason);
    return this.running;
  }

  private async runBounded(reason: string): Promise<ShutdownOutcome> {
    this.logger.info({ reason }, 'shutting down');
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<ShutdownOutcome>((resolve) => {
      timer = setTimeout(() => resolve('timed-out'), this.timeoutMs);
      timer.unref();
    });
    const outcome = await Promise.race([this.runStages(), deadline]);
    clearTimeout(timer);
    if (outcome === 'timed-out') this.logger.error({ timeoutMs: this.timeoutMs }, 'shutdown did not finish in time');
    else this.logger.info({ outcome }, 'stopped');
    // The process exits next: a destination that buffers must have written what it holds.
    await new Promise<void>((resolve) => this.logger.flush(() => resolve()));
    return outcome;
  }

  private async runStages(): Promise<ShutdownOutcome> {
    let failed = false;
    for (const stage of STOP_STAGES) {
      for (const hook of this.hooks.filter((h) => h.stage === stage)) {
        failed = !(await this.runHook(hook)) || failed;
      }
    }
    return failed ? 'failed' : 'clean';
  }

  private async runHook(hook: RegisteredHook): Promise<boolean> {
    const started = Date.now();
    try {
      await hook.stop();
      this.logger.debug({ stage: hook.stage, hook: hook.name, ms: Date.now() - started }, 'stopped %s', hook.name);
      return true;
    } catch (error) {
      this.logger.error({ stage: hook.stage, hook: hook.name, err: error }, 'stopping %s failed', hook.name);
      return false;
    }
  }
}

/** Runs `shutdown` on the first SIGTERM or SIGINT and exits 0 when it was clean, 1 otherwise. */
export function stopOnSignals(shutdown: Shutdown, exit: (code: number) => void = (code) => process.exit(code)): void {
  const onSignal = (signal: NodeJS.Signals) => {
    void shutdown.run(signal).then((outcome) => exit(outcome === 'clean' ? 0 : 1));
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
}
