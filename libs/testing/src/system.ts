import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { freePort } from '@strata/nats-server';
import { collectOutput } from './child-output';
import { IntegrationKit } from './integration-kit';

export const APPS = ['projects', 'taxonomy', 'entities', 'ingestion-mapping', 'export', 'flag-evaluation', 'gateway'] as const;
export type AppName = (typeof APPS)[number];

export interface SystemOptions {
  apps?: readonly AppName[];
  env?: Record<string, string>;
}

/** An extra instance started by `RunningSystem.startInstance`. */
export interface AppInstance {
  /** Its own HTTP port (the gateway's API, or a service's `/_health`, `/_ready`, `/metrics`). */
  url: string;
  stop: () => Promise<number | null>;
  kill: () => Promise<void>;
}

/** How long an app may take to start from source: generous, since a loaded 2-core machine compiles 7 at once. */
const STARTUP_WAIT_MS = 90_000;
/**
 * The launch hook's own limit: every service healthy, then the whole system ready, each waited for up to
 * STARTUP_WAIT_MS. Jest's default hook limit (60 s) was shorter than the waits it holds, so on a busy machine a start
 * that was on its way failed the hook and every spec of the file after it.
 */
const LAUNCH_HOOK_MS = 2 * STARTUP_WAIT_MS + 30_000;
const ROOT = path.resolve(__dirname, '../../..');

interface RunningApp {
  name: AppName;
  port: number;
  process: ChildProcess;
  output: string[];
  exit: Promise<number | null>;
}

/**
 * The whole system as separate processes, the way `npm start` runs it — but from source, on free ports, in this
 * run's own schemas and NATS prefix. End-to-end specs talk to `baseUrl` over HTTP only.
 */
export class RunningSystem {
  private constructor(
    readonly kit: IntegrationKit,
    private readonly apps: Map<AppName, RunningApp>,
    private readonly env: Record<string, string> = {},
    private readonly extraInstances: RunningApp[] = [],
  ) {}

  static async start(options: SystemOptions = {}): Promise<RunningSystem> {
    const system = new RunningSystem(IntegrationKit.create(), new Map(), options.env);
    try {
      await system.launchAll(options.apps ?? APPS);
      return system;
    } catch (error) {
      await system.stop().catch(() => undefined);
      throw error;
    }
  }

  /** The system of the enclosing `describe`: launched before its first spec and stopped after its last; use it in hooks and specs. */
  static forSpecs(options: SystemOptions = {}): RunningSystem {
    const system = new RunningSystem(IntegrationKit.create(), new Map(), options.env);
    beforeAll(() => system.launchAll(options.apps ?? APPS), LAUNCH_HOOK_MS);
    afterAll(() => system.stop());
    return system;
  }

  private async launchAll(names: readonly AppName[]): Promise<void> {
    for (const name of names) this.apps.set(name, this.launch(name, await freePort()));
    await Promise.all([...this.apps.values()].map((app) => waitUntilHealthy(app)));
    // A partial system is never ready by design (its gateway asks every service); specs of it check that.
    if (APPS.every((name) => this.apps.has(name))) await this.waitUntilReady();
  }

  get baseUrl(): string {
    return this.url('gateway');
  }

  url(app: AppName): string {
    const running = this.apps.get(app);
    if (!running) throw new Error(`${app} is not running in this system`);
    return `http://127.0.0.1:${running.port}`;
  }

  /** Whether `name` runs now (a spec that killed it and failed before restarting it leaves it stopped). */
  isRunning(name: AppName): boolean {
    return this.apps.has(name);
  }

  /** Lines the app wrote so far (stdout and stderr), for assertions on logs and for failure messages. */
  output(app: AppName): string[] {
    return this.apps.get(app)?.output ?? [];
  }

  async waitUntilReady(timeoutMs = STARTUP_WAIT_MS): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    let last = '';
    while (Date.now() < deadline) {
      const response = await fetch(`${this.baseUrl}/_ready`).catch(() => undefined);
      if (response?.status === 200) return;
      last = response ? await response.text() : 'no answer';
      await sleep(100);
    }
    throw new Error(`gateway not ready after ${timeoutMs} ms: ${last}`);
  }

  /** Stops one app (SIGTERM) and resolves with its exit code; `startApp` brings it back in the same schema. */
  async stopApp(name: AppName): Promise<number | null> {
    const app = this.apps.get(name);
    if (!app) throw new Error(`${name} is not running in this system`);
    this.apps.delete(name);
    app.process.kill('SIGTERM');
    return withTimeout(app.exit, 20_000, () => app.process.kill('SIGKILL'));
  }

  /** Kills one app with SIGKILL — no shutdown of any kind, as a crash — and resolves once it is gone. */
  async killApp(name: AppName): Promise<void> {
    const app = this.apps.get(name);
    if (!app) throw new Error(`${name} is not running in this system`);
    this.apps.delete(name);
    app.process.kill('SIGKILL');
    await app.exit;
  }

  async startApp(name: AppName): Promise<void> {
    const app = this.launch(name, await freePort());
    this.apps.set(name, app);
    await waitUntilHealthy(app);
  }

  /**
   * One more instance of a running app in this run's namespace (its queue group then spreads requests over both),
   * resolved once that instance is ready; `stop()` stops it with the rest, `kill()` SIGKILLs it (a crash). `env` adds to
   * (or overrides) the run's environment for this instance only.
   */
  async startInstance(name: AppName, env: Record<string, string> = {}): Promise<AppInstance> {
    const app = this.launch(name, await freePort(), env);
    this.extraInstances.push(app);
    await waitUntilHealthy(app);
    // A gateway of a partial system is never ready (it asks every service); healthy is all it can be.
    const partial = !APPS.every((other) => this.apps.has(other));
    if (!(name === 'gateway' && partial)) await waitForStatus(`http://127.0.0.1:${app.port}/_ready`, STARTUP_WAIT_MS, app);
    return {
      url: `http://127.0.0.1:${app.port}`,
      stop: async () => {
        if (app.process.exitCode === null) app.process.kill('SIGTERM');
        return withTimeout(app.exit, 20_000, () => app.process.kill('SIGKILL'));
      },
      kill: async () => {
        if (app.process.exitCode === null) app.process.kill('SIGKILL');
        await app.exit;
      },
    };
  }

  /** The environment an app of this system runs with: for one-off commands such as `main.ts rebuild`. */
  appEnv(name: AppName): Record<string, string> {
    return { ...this.kit.serviceEnv(name), ...this.env, SERVICE_NAME: name };
  }

  private launch(name: AppName, port: number, env: Record<string, string> = {}): RunningApp {
    return launch(name, port, { ...this.appEnv(name), ...env });
  }

  /** SIGTERM to every app; resolves with each exit code (0 = clean shutdown). */
  async stop(): Promise<Record<string, number | null>> {
    const codes: Record<string, number | null> = {};
    for (const app of this.extraInstances) if (app.process.exitCode === null) app.process.kill('SIGTERM');
    await Promise.all(this.extraInstances.map((app) => withTimeout(app.exit, 20_000, () => app.process.kill('SIGKILL'))));
    for (const app of this.apps.values()) if (app.process.exitCode === null) app.process.kill('SIGTERM');
    for (const app of this.apps.values()) codes[app.name] = await withTimeout(app.exit, 20_000, () => app.process.kill('SIGKILL'));
    await this.kit.cleanup();
    return codes;
  }
}

function launch(name: AppName, port: number, env: Record<string, string>): RunningApp {
  // STRATA_PROFILE_DIR=/tmp/prof: each app writes a V8 CPU profile there when it stops (for benchmarks' questions).
  const profile = process.env.STRATA_PROFILE_DIR ? ['--cpu-prof', `--cpu-prof-dir=${process.env.STRATA_PROFILE_DIR}`, `--cpu-prof-name=${name}.cpuprofile`] : [];
  const child = spawn(process.execPath, [...profile, '-r', path.join(ROOT, 'infra/register.cjs'), path.join(ROOT, 'apps', name, 'src/main.ts')], {
    cwd: ROOT,
    env: { ...process.env, ...env, SERVICE_NAME: name, PORT: String(port), HOST: '127.0.0.1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const { lines, closed } = collectOutput(child);
  return { name, port, process: child, output: lines, exit: closed };
}

async function waitUntilHealthy(app: RunningApp, timeoutMs = STARTUP_WAIT_MS): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (app.process.exitCode !== null) throw await exitedEarly(app);
    const response = await fetch(`http://127.0.0.1:${app.port}/_health`).catch(() => undefined);
    if (response?.status === 200) return;
    await sleep(100);
  }
  throw new Error(`${app.name} did not become healthy in ${timeoutMs} ms:\n${app.output.slice(-10).join('\n')}`);
}

async function waitForStatus(url: string, timeoutMs: number, app: RunningApp): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (app.process.exitCode !== null) throw await exitedEarly(app);
    if ((await fetch(url).catch(() => undefined))?.status === 200) return;
    await sleep(100);
  }
  throw new Error(`${app.name} not ready at ${url} after ${timeoutMs} ms:\n${app.output.slice(-10).join('\n')}`);
}

/** Said once the process's output is read to the end: `exit` may come before its last lines (why it could not start). */
async function exitedEarly(app: RunningApp): Promise<Error> {
  const code = await app.exit;
  return new Error(`${app.name} exited with ${code}:\n${app.output.slice(-10).join('\n')}`);
}

async function withTimeout<T>(promise: Promise<T>, ms: number, onTimeout: () => void): Promise<T> {
  const timer = setTimeout(onTimeout, ms);
  try {
    return await promise;
  } finally {
    clearTimeout(timer);
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export { freePort };
