import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { projects } from '@strata/contracts';
import type { Database } from '@strata/database';
import { RpcClient } from '@strata/messaging';
import { RunningSystem } from '@strata/testing';

const ROOT = path.resolve(__dirname, '../../../..');

async function eventually<T>(probe: () => Promise<T>, accept: (value: T) => boolean, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (accept(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe("taxonomy's read model of the projects stream", () => {
  let system: RunningSystem;
  let db: Database;

  beforeAll(async () => {
    system = await RunningSystem.start({ apps: ['projects', 'taxonomy'] });
    db = await system.kit.database('taxonomy');
  });

  afterAll(async () => {
    await system?.stop();
  });

  const known = () =>
    db.query('SELECT e.environment_id, e.project_id FROM known_environments e JOIN known_projects p USING (project_id) ORDER BY 1');

  it('is rebuilt by replaying the projects stream from its first event (`main.ts rebuild taxonomy-projects`)', async () => {
    const rpc = new RpcClient({ nc: await system.kit.nats(), prefix: system.kit.natsPrefix });
    for (const name of ['acme', 'globex']) {
      await rpc.request(projects.ProjectsSubjects.signup, { email: `${name}@example.com`, organizationName: name });
    }
    rpc.close();
    const live = await eventually(known, (rows) => rows.length === 2);

    expect(await system.stopApp('taxonomy')).toBe(0);
    // A read model gone wrong: every environment placed in a project that does not exist.
    await db.query('UPDATE known_environments SET project_id = project_id + 1000000');
    const run = spawnSync(process.execPath, ['-r', './infra/register.cjs', 'apps/taxonomy/src/main.ts', 'rebuild', 'taxonomy-projects'], {
      cwd: ROOT,
      env: { ...process.env, ...system.appEnv('taxonomy') },
      encoding: 'utf8',
    });
    const emptied = await db.query('SELECT project_id FROM known_projects UNION ALL SELECT project_id FROM known_environments');
    await system.startApp('taxonomy');
    const rebuilt = await eventually(known, (rows) => rows.length === live.length);

    expect(run.stderr).toBe('');
    expect(run.stdout).toContain('taxonomy: reset taxonomy-projects');
    expect(run.status).toBe(0);
    expect(emptied).toEqual([]);
    expect(rebuilt).toEqual(live);
  });

  it('refuses to rebuild a read model it does not know, naming the ones it does', () => {
    const run = spawnSync(process.execPath, ['-r', './infra/register.cjs', 'apps/taxonomy/src/main.ts', 'rebuild', 'nonsense'], {
      cwd: ROOT,
      env: { ...process.env, ...system.appEnv('taxonomy') },
      encoding: 'utf8',
    });

    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/^taxonomy: rebuild failed: unknown read model\(s\) nonsense; known: .*taxonomy-projects/);
  });
});
