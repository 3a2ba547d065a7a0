import type { Database } from '@strata/database';
import { eventually } from '@strata/testing';
import { type Account, gatewayForSpecs, type ListBody, signup } from '../testing/api-client';
import { environmentNames, exports, imports, type Job, largeSeed, newProject, seed, until } from '../testing/import-jobs';

/**
 * A job's status matches the data (SPEC §6), whatever dies when: services are SIGKILLed at the moments that matter,
 * found in the entities service's database (an instance holds the import's lock: applying; its record: applied).
 */

const JOB_WAIT_MS = 150_000;

describe('import and export jobs tell the truth (SPEC §6)', () => {
  const { system, api } = gatewayForSpecs({ apps: ['projects', 'entities', 'export', 'gateway'] });
  let acme: Account;
  let entitiesDb: Database;

  beforeAll(async () => {
    acme = await signup(api, 'truth');
    entitiesDb = await system.kit.database('entities', 2);
  });

  // A spec that failed half-way leaves the next ones a whole system.
  afterEach(async () => {
    for (const app of ['entities', 'export'] as const) if (!system.isRunning(app)) await system.startApp(app);
  });

  const flagCount = async (projectId: number) => (await api.get<ListBody>(`/api/v2/environments/${projectId}/feature_flags/?limit=1`, acme.key)).body.count;
  const startImport = async (projectId: number, data: unknown) => {
    const created = await api.post<Job>(imports(projectId), acme.key, { strategy: 'OVERWRITE_DESTRUCTIVE', data });
    expect(created.status).toBe(202);
    return created.body.id;
  };
  /**
   * An entities instance is applying the import: it holds the import's advisory lock (`import-progress.ts` in the
   * entities service names it) while its transaction runs.
   */
  const applying = (importId: string) =>
    eventually(async () => {
      const held = await entitiesDb.query(
        `SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND granted AND ((classid::bigint << 32) | objid::bigint) = hashtextextended($1, 0)`,
        [`entities-import-applying:${importId}`],
      );
      if (held.length === 0) throw new Error(`import ${importId} is not being applied`);
    }, JOB_WAIT_MS);
  const applied = (importId: string) =>
    eventually(async () => {
      const rows = await entitiesDb.query('SELECT 1 FROM events WHERE stream_id = $1', [`entities-import-${importId}`]);
      if (rows.length === 0) throw new Error(`import ${importId} is not applied yet`);
    }, JOB_WAIT_MS);

  it('reports SUCCESS, with its summary, an import whose apply committed after its worker died (export and entities SIGKILLed)', async () => {
    const projectId = await newProject(api, acme);
    const jobId = await startImport(projectId, largeSeed(2000));
    await applying(jobId);
    await system.killApp('export');
    await applied(jobId);
    await system.killApp('entities');
    await system.startApp('export');
    await system.startApp('entities');
    const job = await until(api, acme.key, `${imports(projectId)}${jobId}`, JOB_WAIT_MS);
    expect(job).toMatchObject({ status: 'SUCCESS', error: null });
    expect(job.result_summary?.features.created).toBe(2001);
    expect(await flagCount(projectId)).toBe(2001);
  }, 2 * JOB_WAIT_MS);

  it('applies an import whose entities instance was SIGKILLed mid-apply, sending the lost apply again', async () => {
    const projectId = await newProject(api, acme);
    const jobId = await startImport(projectId, largeSeed(2000));
    await applying(jobId);
    await system.killApp('entities');
    await system.startApp('entities');
    const job = await until(api, acme.key, `${imports(projectId)}${jobId}`, JOB_WAIT_MS);
    expect(job).toMatchObject({ status: 'SUCCESS', error: null });
    expect(await flagCount(projectId)).toBe(2001);
    expect((await environmentNames(api, acme.key, projectId)).filter((name) => name === 'Staging')).toHaveLength(1);
  }, 2 * JOB_WAIT_MS);

  it('runs an export and an import asked for while entities restarts (SIGKILL), instead of failing them at once', async () => {
    await system.killApp('entities');
    const projectId = await newProject(api, acme);
    const exported = await api.post<Job>(exports(acme.project.id), acme.key, {});
    expect(exported.status).toBe(202);
    const importId = await startImport(projectId, seed());
    await system.startApp('entities');
    expect(await until(api, acme.key, `${exports(acme.project.id)}${exported.body.id}`, JOB_WAIT_MS)).toMatchObject({ status: 'SUCCESS', error: null });
    expect(await until(api, acme.key, `${imports(projectId)}${importId}`, JOB_WAIT_MS)).toMatchObject({ status: 'SUCCESS', error: null });
    expect(await flagCount(projectId)).toBe(1);
  }, 2 * JOB_WAIT_MS);

  it('removes the environment a failed import created, and says so', async () => {
    const projectId = await newProject(api, acme);
    const file = seed();
    // Valid as a file; refused where it is applied, since the target has no such action.
    file.segments[0].rules[0].conditions.push({ property_: null, operator: 'PERFORMED_ACTION', value: 'no_such_action' });
    const job = await until(api, acme.key, `${imports(projectId)}${await startImport(projectId, file)}`);
    expect(job.status).toBe('FAILED');
    expect(job.error).toContain('no_such_action');
    expect(job.error).toContain('The environments it created were removed: Staging.');
    expect(await environmentNames(api, acme.key, projectId)).toEqual(['Production']);
    expect(await flagCount(projectId)).toBe(0);
  });

  it('counts what was done as the dry run planned it, and says how many identity overrides were skipped and why', async () => {
    const projectId = await newProject(api, acme);
    const dryRun = await api.post<Job>(imports(projectId), acme.key, { strategy: 'OVERWRITE_DESTRUCTIVE', dry_run: true, data: seed() });
    const planned = await until(api, acme.key, `${imports(projectId)}${dryRun.body.id}`);
    const done = await until(api, acme.key, `${imports(projectId)}${await startImport(projectId, seed())}`);
    expect(done.status).toBe('SUCCESS');
    expect(planned.result_summary?.environments).toEqual({ created: 1, updated: 1, deleted: 0, skipped: 0 });
    expect(done.result_summary?.environments).toEqual(planned.result_summary?.environments);
    const skipped = { created: 0, updated: 0, deleted: 0, skipped: 1, skipped_because: expect.stringContaining('project_import_export_identity_overrides') };
    expect(planned.result_summary?.identity_overrides).toEqual(skipped);
    expect(planned.plan?.result_summary.identity_overrides).toEqual(skipped);
    expect(done.result_summary?.identity_overrides).toEqual(skipped);
  });
});
