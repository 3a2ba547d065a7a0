import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { strata } from '@strata/testing';
import { type Account, addMember, gatewayForSpecs, type ListBody, signup } from '../testing/api-client';
import { environmentNames, exports, imports, type Job, type Json, largeSeed, newProject, seed, until } from '../testing/import-jobs';

/** SPEC §6 and §9 through HTTP: export and import jobs, refusals before any job, the guarantees, and the CLI. */

describe('export and import of a project (SPEC §6)', () => {
  const { system, api } = gatewayForSpecs({ apps: ['projects', 'entities', 'export', 'gateway'] });
  let acme: Account;
  let globex: Account;

  beforeAll(async () => {
    acme = await signup(api, 'export');
    globex = await signup(api, 'other');
  });

  describe('refusals before any job', () => {
    const cases: [string, unknown, string][] = [
      ['broken JSON', '{"version": 1, "tags": [', ''],
      ['an unknown version', { ...seed(), version: 2 }, 'version'],
      ['a dangling reference', (() => { const file = seed(); file.environments[0].feature_states[0].feature = 'missing'; return file; })(), 'environments.0.feature_states.0.feature'],
      ['allocations over 100', (() => { const file = seed(); file.features[0].multivariate_options[0].default_percentage_allocation = 101; return file; })(), 'features.0.multivariate_options.0.default_percentage_allocation'],
      ['a bad operator', (() => { const file = seed(); file.segments[0].rules[0].conditions[0].operator = 'ROUGHLY'; return file; })(), 'segments.0.rules.0.conditions.0.operator'],
    ];

    it.each(cases)('refuses %s with 400 listing the problem with its path, and creates nothing', async (_name, data, where) => {
      const projectId = await newProject(api, acme);
      const before = await environmentNames(api, acme.key, projectId);
      const answer = await api.post<{ type: string; code: string; errors: { attr: string | null; detail: string }[] }>(imports(projectId), acme.key, { strategy: 'SKIP', data });
      expect(answer.status).toBe(400);
      expect(answer.body.type).toBe('validation_error');
      expect(answer.body.errors.map((problem) => problem.attr ?? '')).toEqual(expect.arrayContaining([expect.stringContaining(where)]));
      expect(await environmentNames(api, acme.key, projectId)).toEqual(before);
    });

    it('lists every problem of a file, each with its path', async () => {
      const file = seed();
      file.environments[0].feature_states[0].feature = 'missing';
      file.features[0].multivariate_options[0].default_percentage_allocation = 101;
      const answer = await api.post<{ errors: { attr: string }[] }>(imports(acme.project.id), acme.key, { strategy: 'SKIP', data: file });
      expect(answer.status).toBe(400);
      expect(answer.body.errors.length).toBeGreaterThanOrEqual(2);
    });

    it('answers 413 to a file over the default 64 MiB', async () => {
      const data = JSON.stringify({ ...seed(), padding: 'x'.repeat(65 * 1024 * 1024) });
      // A client that sends the whole body reads the 413 (the gateway reads it to the end before answering).
      const answer = await api.call('POST', imports(acme.project.id), { key: acme.key, raw: JSON.stringify({ strategy: 'SKIP', data }) });
      expect(answer.status).toBe(413);
      expect(answer.body).toMatchObject({ code: 'payload_too_large' });
    });

    it('counts a file sent as a JSON value as sent: 65 MiB of it padded with whitespace is 413, not judged by what it says', async () => {
      const file = JSON.stringify({ ...seed(), version: 99 });
      const raw = `{"strategy":"SKIP","dry_run":true,"data":${file.slice(0, -1)}${' '.repeat(65 * 1024 * 1024)}}}`;
      const answer = await api.call('POST', imports(acme.project.id), { key: acme.key, raw });
      expect(answer.status).toBe(413);
      expect(answer.body).toMatchObject({ code: 'payload_too_large' });
    });

    it("answers 404 for another organization's project, 403 to a member, and 404 for a job of another project", async () => {
      expect((await api.post(exports(globex.project.id), acme.key, {})).status).toBe(404);
      expect((await api.post(imports(globex.project.id), acme.key, { strategy: 'SKIP', data: seed() })).status).toBe(404);
      const member = await addMember(api, acme, 1);
      expect((await api.post(exports(acme.project.id), member.key, {})).status).toBe(403);
      const job = await api.post<Job>(exports(globex.project.id), globex.key, {});
      expect(job.status).toBe(202);
      expect((await api.get(`${exports(acme.project.id)}${job.body.id}`, acme.key)).status).toBe(404);
      expect((await api.get(`${exports(globex.project.id)}${job.body.id}`, acme.key)).status).toBe(404);
    });
  });

  describe('jobs', () => {
    it('exports a project: 202, then SUCCESS, then the file as an attachment', async () => {
      const created = await api.post<Job>(exports(acme.project.id), acme.key, { include_identity_overrides: true });
      expect(created.status).toBe(202);
      expect(created.body.status).toBe('PROCESSING');
      const job = await until(api, acme.key, `${exports(acme.project.id)}${created.body.id}`);
      expect(job).toMatchObject({ status: 'SUCCESS', error: null });
      const file = await api.get<Json>(`${exports(acme.project.id)}${job.id}/download`, acme.key);
      expect(file.status).toBe(200);
      expect(file.headers.get('content-disposition')).toBe(`attachment; filename=project_export.${job.id}.json`);
      expect(file.body).toMatchObject({ version: 1, environments: [expect.objectContaining({ name: 'Production' })] });
      expect(typeof file.body.exported_at).toBe('string');
    });

    it("imports the seed's example into a new project, creating its environments once", async () => {
      const projectId = await newProject(api, acme);
      const created = await api.post<Job>(imports(projectId), acme.key, { strategy: 'OVERWRITE_DESTRUCTIVE', data: seed() });
      expect(created.status).toBe(202);
      const job = await until(api, acme.key, `${imports(projectId)}${created.body.id}`);
      expect(job).toMatchObject({ status: 'SUCCESS', error: null });
      expect(job.result_summary?.features.created).toBe(1);
      const again = await until(api, acme.key, `${imports(projectId)}${(await api.post<Job>(imports(projectId), acme.key, { strategy: 'SKIP', data: seed() })).body.id}`);
      expect(again.status).toBe('SUCCESS');
      const names = await environmentNames(api, acme.key, projectId);
      expect(names.filter((name) => name === 'Staging')).toHaveLength(1);
      expect(names).toEqual(expect.arrayContaining(['Production', 'Staging']));
    });

    it('answers 409 to a second import while one runs, and shows a dry run’s plan', async () => {
      const projectId = await newProject(api, acme);
      const first = await api.post<Job>(imports(projectId), acme.key, { strategy: 'SKIP', dry_run: true, data: largeSeed(300) });
      expect(first.status).toBe(202);
      const second = await api.post(imports(projectId), acme.key, { strategy: 'SKIP', data: seed() });
      expect(second.status).toBe(409);
      const job = await until(api, acme.key, `${imports(projectId)}${first.body.id}`);
      expect(job.status).toBe('SUCCESS');
      expect(job.plan).toMatchObject({ strategy: 'SKIP' });
    });

    it("lists a project's past jobs newest first, paged, an import with its counts and without its plan; admins of that project only", async () => {
      const projectId = await newProject(api, acme);
      const dryRun = await api.post<Job>(imports(projectId), acme.key, { strategy: 'SKIP', dry_run: true, data: seed() });
      await until(api, acme.key, `${imports(projectId)}${dryRun.body.id}`);
      const applied = await api.post<Job>(imports(projectId), acme.key, { strategy: 'SKIP', data: seed() });
      const done = await until(api, acme.key, `${imports(projectId)}${applied.body.id}`);
      const exported = await api.post<Job>(exports(projectId), acme.key, {});
      await until(api, acme.key, `${exports(projectId)}${exported.body.id}`);

      const importList = await api.get<ListBody<Job>>(imports(projectId), acme.key);
      expect(importList.status).toBe(200);
      expect(importList.body.count).toBe(2);
      expect(importList.body.results.map((job) => [job.id, job.dry_run])).toEqual([[applied.body.id, false], [dryRun.body.id, true]]);
      expect(importList.body.results[0]).toMatchObject({ status: 'SUCCESS', result_summary: done.result_summary });
      expect(importList.body.results.every((job) => !('plan' in job))).toBe(true);
      const firstPage = await api.get<ListBody<Job>>(`${imports(projectId)}?limit=1`, acme.key);
      expect(firstPage.body.results.map((job) => job.id)).toEqual([applied.body.id]);
      expect(firstPage.body.next).not.toBeNull();
      expect((await api.get<ListBody<Job>>(exports(projectId), acme.key)).body).toMatchObject({ count: 1, results: [{ id: exported.body.id, status: 'SUCCESS' }] });
      // Another project's list holds none of these; another organization's project is invisible; a member may not list.
      expect((await api.get<ListBody<Job>>(imports(acme.project.id), acme.key)).body.results.map((job) => job.id)).not.toContain(applied.body.id);
      expect((await api.get(imports(globex.project.id), acme.key)).status).toBe(404);
      expect((await api.get(exports(globex.project.id), acme.key)).status).toBe(404);
      const member = await addMember(api, acme, 1);
      expect((await api.get(imports(projectId), member.key)).status).toBe(403);
      expect((await api.get(`${imports(projectId)}?limit=0`, acme.key)).status).toBe(400);
    });

    it('a job whose worker was killed ends SUCCESS (resumed) or FAILED, and the project is fully imported or untouched', async () => {
      const projectId = await newProject(api, acme);
      const created = await api.post<Job>(imports(projectId), acme.key, { strategy: 'SKIP', data: largeSeed(300) });
      expect(created.status).toBe(202);
      await system.killApp('export');
      await system.startApp('export');
      const job = await until(api, acme.key, `${imports(projectId)}${created.body.id}`, 60_000);
      expect(['SUCCESS', 'FAILED']).toContain(job.status);
      const flags = await api.get<ListBody>(`/api/v2/environments/${projectId}/feature_flags/?limit=1000`, acme.key);
      expect(flags.body.count).toBe(job.status === 'SUCCESS' ? 301 : 0);
    });
  });

  describe('the strata CLI, run as a process', () => {
    const env = () => ({ STRATA_URL: system.baseUrl, STRATA_API_KEY: acme.key });
    const dir = mkdtempSync(path.join(tmpdir(), 'strata-cli-'));

    it('exits 2 on bad usage', async () => {
      expect((await strata(['import', '--project', '1', '--strategy', 'sideways', 'x.json'], env())).code).toBe(2);
      expect((await strata(['export'], env())).code).toBe(2);
      expect((await strata(['export', '--project', '1'], { STRATA_URL: system.baseUrl, STRATA_API_KEY: '' })).code).toBe(2);
    });

    it('exits 1 on a refused file, listing the problems with their paths', async () => {
      const file = seed();
      file.features[0].multivariate_options[0].default_percentage_allocation = 101;
      const bad = path.join(dir, 'bad.json');
      writeFileSync(bad, JSON.stringify(file));
      const run = await strata(['import', '--project', String(acme.project.id), '--strategy', 'skip', bad], env());
      expect(run.code).toBe(1);
      expect(run.stderr).toContain('features.0.multivariate_options.0.default_percentage_allocation');
      const broken = path.join(dir, 'broken.json');
      writeFileSync(broken, '{"version": 1,\n  "tags": [');
      const brokenRun = await strata(['import', '--project', String(acme.project.id), '--strategy', 'skip', broken], env());
      expect(brokenRun.code).toBe(1);
      expect(brokenRun.stderr).toMatch(/line 2/);
    });

    it('exports a project to a file, then imports it into another with a table', async () => {
      const out = path.join(dir, 'export.json');
      const exported = await strata(['export', '--project', String(acme.project.id), '-o', out], env());
      expect(exported).toMatchObject({ code: 0 });
      expect(JSON.parse(readFileSync(out, 'utf8'))).toMatchObject({ version: 1 });
      const projectId = await newProject(api, acme);
      const dryRun = await strata(['import', '--project', String(projectId), '--strategy', 'overwrite', '--dry-run', out], env());
      expect(dryRun.code).toBe(0);
      expect(dryRun.stdout).toMatch(/section\s+action\s+name/);
      const imported = await strata(['import', '--project', String(projectId), '--strategy', 'overwrite', out], env());
      expect(imported.code).toBe(0);
      expect(imported.stdout).toMatch(/section\s+created\s+updated\s+deleted\s+skipped/);
    });

    it('prints one JSON document on stdout with --json: the export written, the plan, the summary, a refusal', async () => {
      const out = path.join(dir, 'export-json.json');
      const exported = await strata(['export', '--project', String(acme.project.id), '-o', out, '--json'], env());
      expect(exported.code).toBe(0);
      expect(JSON.parse(exported.stdout)).toEqual({ id: expect.any(String), status: 'SUCCESS', output: out, bytes: Buffer.byteLength(readFileSync(out, 'utf8')) });
      const projectId = await newProject(api, acme);
      const example = path.join(dir, 'seed.json');
      writeFileSync(example, JSON.stringify(seed()));
      const args = ['import', '--project', String(projectId), '--strategy', 'skip', '--json'];
      const dryRun = await strata([...args, '--dry-run', example], env());
      expect(dryRun.code).toBe(0);
      const plan = JSON.parse(dryRun.stdout) as { dry_run: boolean; plan: { features: { action: string }[] } };
      expect(plan).toMatchObject({ status: 'SUCCESS', dry_run: true });
      expect(plan.plan.features.map((step) => step.action)).toContain('create');
      const imported = await strata([...args, example], env());
      expect(imported.code).toBe(0);
      expect(JSON.parse(imported.stdout)).toMatchObject({ status: 'SUCCESS', dry_run: false, result_summary: { features: { created: plan.plan.features.length } } });
      writeFileSync(example, JSON.stringify({ version: 1, tags: 'not a list' }));
      const refused = await strata([...args, example], env());
      expect(refused.code).toBe(1);
      expect(JSON.parse(refused.stdout)).toMatchObject({ status: 400, error: { errors: expect.arrayContaining([expect.objectContaining({ attr: expect.any(String) })]) } });
    });
  });
});
