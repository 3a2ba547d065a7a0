import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { collectOutput, freePort, type IntegrationKit } from '@strata/testing';

const ROOT = path.resolve(__dirname, '../../../..');

/**
 * One more ingestion-mapping instance in the run's namespace, beside the one `RunningSystem` started: the queue group
 * then spreads requests over both. (`RunningSystem` runs one process per app.)
 */
export class MapperProcess {
  private constructor(
    private readonly child: ChildProcess,
    private readonly exit: Promise<number | null>,
    readonly output: string[],
  ) {}

  /** `env` adds to (or overrides) the run's service environment, e.g. snapshot settings or `LOG_LEVEL`. */
  static async start(kit: IntegrationKit, env: Record<string, string> = {}): Promise<MapperProcess> {
    const port = await freePort();
    const child = spawn(process.execPath, ['-r', path.join(ROOT, 'infra/register.cjs'), path.join(ROOT, 'apps/ingestion-mapping/src/main.ts')], {
      cwd: ROOT,
      env: { ...process.env, ...kit.serviceEnv('ingestion-mapping'), ...env, SERVICE_NAME: 'ingestion-mapping', PORT: String(port), HOST: '127.0.0.1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const { lines, closed } = collectOutput(child);
    const mapper = new MapperProcess(child, closed, lines);
    await mapper.waitUntilReady(port);
    return mapper;
  }

  async stop(): Promise<number | null> {
    if (this.child.exitCode === null) this.child.kill('SIGTERM');
    return this.exit;
  }

  private async waitUntilReady(port: number): Promise<void> {
    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline) {
      if (this.child.exitCode !== null) throw new Error(`mapper exited with ${this.child.exitCode}:\n${this.output.slice(-10).join('\n')}`);
      const response = await fetch(`http://127.0.0.1:${port}/_ready`).catch(() => undefined);
      if (response?.status === 200) return;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`mapper not ready:\n${this.output.slice(-10).join('\n')}`);
  }
}

