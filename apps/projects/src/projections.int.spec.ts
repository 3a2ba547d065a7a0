import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { projects } from '@strata/contracts';
import { handleCommand, PostgresEventStore, rebuildProjection } from '@strata/eventstore';
import { adoptionDecider, adoptionStream, type AdoptionCommand } from './adoption/adoption-process';
import { projectsProjections } from './projections';
import { ProjectsHarness } from './testing/projects-harness';

const S = projects.ProjectsSubjects;
const { Levels } = projects;

/** Every table each read model writes, in a stable order, so a live and a rebuilt copy compare row for row. */
const TABLES: Record<string, string[]> = {
  organizations: ['SELECT * FROM organizations ORDER BY id', 'SELECT * FROM members ORDER BY organization_id, user_id'],
  users: ['SELECT * FROM users ORDER BY id'],
  'personal-api-keys': ['SELECT * FROM personal_api_keys ORDER BY id'],
  projects: ['SELECT * FROM projects ORDER BY id', 'SELECT * FROM environments ORDER BY id'],
  'environment-adoptions': ['SELECT * FROM environment_adoptions ORDER BY id'],
  change_log: ['SELECT * FROM change_log ORDER BY position'],
};

describe('read models rebuilt from the log', () => {
  const h = ProjectsHarness.forSpecs();

  /** A history touching every event type the read models handle (but the moves of SPEC §7). */
  async function history(): Promise<void> {
    const account = await h.signup();
    const { principal } = account;
    const organizationId = account.organization.id;
    const member = await h.call(S.addMember, { principal, organizationId, email: `m-${h.kit.runId}@example.com`, level: Levels.member });
    await h.call(S.updateMember, { principal, organizationId, userId: member.user.id, level: Levels.admin });
    const leaver = await h.call(S.addMember, { principal, organizationId, email: `l-${h.kit.runId}@example.com`, level: Levels.member });
    await h.call(S.removeMember, { principal, organizationId, userId: leaver.user.id });
    const key = await h.call(S.createApiKey, { principal, label: 'scoped', scopedEnvironments: [account.environment.id] });
    await h.call(S.revokeApiKey, { principal, keyId: key.id });

    const { result: project } = await h.call(S.createProject, { principal, name: 'Rebuilt' });
    await h.call(S.updateProject, { principal, projectId: project.id, name: 'Rebuilt again' });
    const { result: staging } = await h.call(S.createEnvironment, { principal, projectId: project.id, environment: { name: 'Staging', accessControl: true } });
    await h.call(S.updateEnvironment, { principal, environmentId: staging.id, changes: { name: 'Stage', settings: { timezone: 'Asia/Tokyo' }, accessControl: false } });
    await h.call(S.resetEnvironmentToken, { principal, environmentId: staging.id });
    await h.call(S.grantAccess, { principal, environmentId: staging.id, userId: member.user.id, level: Levels.admin });
    await h.call(S.grantAccess, { principal, environmentId: project.id, userId: member.user.id, level: Levels.member });
    await h.call(S.revokeAccess, { principal, environmentId: project.id, userId: member.user.id });
    const { result: temporary } = await h.call(S.createEnvironment, { principal, projectId: project.id, environment: { name: 'Temporary' } });
    await h.call(S.deleteEnvironment, { principal, environmentId: temporary.id });
    const { result: doomed } = await h.call(S.createProject, { principal, name: 'Doomed' });
    await h.call(S.deleteProject, { principal, projectId: doomed.id });
    await adoptionHistory(staging.id);
  }

  /** An adoption's process as its driver records it (the steps across services need those services: not here). */
  async function adoptionHistory(environmentId: number): Promise<void> {
    const store = new PostgresEventStore(h.db, { projections: projectsProjections });
    const record = (command: AdoptionCommand) => handleCommand(store, adoptionDecider, adoptionStream(environmentId), command);
    const report = { status: 'planned' } as projects.AdoptionReport;
    const started = (adoptionId: string) => ({ adoptionId, environmentId, sourceProjectId: 1, targetProjectId: 2, acceptGroupTypeDisruption: false, name: 'Stage', report, startedAt: new Date().toISOString() });
    const [first, second] = [randomUUID(), randomUUID()];
    await record({ type: 'StartAdoption', data: started(first) });
    await record({ type: 'RecordStep', data: { adoptionId: first, step: 'taxonomy', report, at: new Date().toISOString() } });
    await record({ type: 'FailAdoption', data: { adoptionId: first, step: 'entities', code: 'flag_key_collision', detail: 'x', failedAt: new Date().toISOString() } });
    await record({ type: 'StartAdoption', data: started(second) });
  }

  async function snapshot(name: string): Promise<unknown[][]> {
    return Promise.all(TABLES[name].map((sql) => h.db.query(sql)));
  }

  it('gives each read model the same rows as the live one', async () => {
    await history();
    await history();

    for (const projection of projectsProjections) {
      const live = await snapshot(projection.name);
      expect(live.every((rows) => rows.length > 0)).toBe(true);

      await rebuildProjection(h.db, projection, { batchSize: 7 });

      expect(await snapshot(projection.name)).toEqual(live);
    }
  });

  it('rebuilds every read model through the service’s own `rebuild` command', async () => {
    const live = await Promise.all(projectsProjections.map((projection) => snapshot(projection.name)));
    const root = path.resolve(__dirname, '../../..');

    const run = spawnSync(process.execPath, ['-r', './infra/register.cjs', 'apps/projects/src/main.ts', 'rebuild'], {
      cwd: root,
      env: { ...process.env, ...h.kit.serviceEnv('projects') },
      encoding: 'utf8',
      timeout: 60_000,
    });

    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    for (const projection of projectsProjections) expect(run.stdout).toContain(`rebuilt ${projection.name} from`);
    expect(await Promise.all(projectsProjections.map((projection) => snapshot(projection.name)))).toEqual(live);
  });
});
