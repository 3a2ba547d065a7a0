import { entities, projects, type StrataError } from '@strata/contracts';
import type { Database } from '@strata/database';
import { PostgresEventStore } from '@strata/eventstore';
import { RpcClient } from '@strata/messaging';
import { createLogger, hashApiKey } from '@strata/service-kit';
import { eventually, RunningSystem } from '@strata/testing';
import { projectsProjections } from '../projections';
import { AdoptionRunner } from './adoption-runner';
import type { AdoptionCalls, AdoptionRpc, AdoptionSubject } from './adoption-services';

const P = projects.ProjectsSubjects;
type Step = 'taxonomy.adoption.merge' | 'entities.adoption.move';

/**
 * SPEC §7's process across services, driven by a driver that dies part way (its calls fail as a dead process's would:
 * before a step, or after a step's effect but before it was recorded): the projects service's sweep takes the
 * adoption up and ends it — the environment in the target once, its entities moved once, the emptied source gone.
 */
describe('an adoption whose driver dies part way', () => {
  const system = RunningSystem.forSpecs({ apps: ['projects', 'taxonomy', 'entities'], env: { ADOPTION_SWEEP_MS: '300' } });
  let rpc: RpcClient;
  let db: Database;
  let entitiesDb: Database;
  let store: PostgresEventStore;
  let owner: projects.Principal;
  let organizationId: string;
  let target: number;

  const ask = <S extends projects.ProjectsSubject>(subject: S, request: projects.ProjectsRequest<S>) => rpc.request<projects.ProjectsResponse<S>>(subject, request);
  const refusal = (promise: Promise<unknown>) => promise.then(() => undefined, (error: StrataError) => error);

  /** Calls that die where told: before the step, after its effect, or not until `release` is called. */
  function dying(step: Step, when: 'before' | 'after' | { until: Promise<void> }): AdoptionCalls {
    return {
      async call<S extends AdoptionSubject>(subject: S, request: AdoptionRpc[S]['request']): Promise<AdoptionRpc[S]['response']> {
        if (subject === step && when === 'before') throw new Error('the driver died');
        if (subject === step && typeof when === 'object') await when.until;
        const answer = await rpc.request<AdoptionRpc[S]['response']>(subject, request, { timeoutMs: 15_000 });
        if (subject === step && when === 'after') throw new Error('the driver died');
        return answer;
      },
    };
  }
  const runner = (calls: AdoptionCalls) => new AdoptionRunner(store, calls, createLogger({ service: 'projects', level: 'silent' }));

  /** A one-environment project with a project-wide cohort; the adoption of its environment, started by a driver that dies. */
  async function startDying(name: string, calls: AdoptionCalls) {
    const source = (await ask(P.createProject, { principal: owner, name, organizationId })).result;
    const environmentId = source.environments[0].id;
    const scope = { projectId: source.id, environmentId };
    const cohort = { name: 'Everyone', rules: [{ type: 'ALL', rules: [], conditions: [{ property_: 'plan', operator: 'IS_SET', value: '' }] }] } as entities.KindFields;
    await rpc.request(entities.EntitiesSubjects.create, { in: scope, kind: 'cohort', fields: cohort, isProjectWide: true });
    const report = await ask(P.adoptEnvironment, { principal: owner, targetProjectId: target, environmentId, acceptGroupTypeDisruption: false, dryRun: true });
    const started: projects.AdoptionStarted = {
      adoptionId: `adoption-${name}`, environmentId, sourceProjectId: source.id, targetProjectId: target,
      acceptGroupTypeDisruption: false, name: report.environment.name_in_target, report, startedAt: new Date().toISOString(),
    };
    const dead = runner(calls).start(started);
    return { source, environmentId, dead };
  }

  async function expectAdopted(source: { id: number }, environmentId: number): Promise<void> {
    await eventually(async () => {
      const [row] = await db.query<{ status: string }>('SELECT status FROM environment_adoptions WHERE environment_id = $1', [environmentId]);
      expect(row.status).toBe('completed');
    });
    expect((await ask(P.getEnvironment, { principal: owner, environmentId })).result.project_id).toBe(target);
    expect(await refusal(ask(P.getProject, { principal: owner, projectId: source.id }))).toMatchObject({ status: 404 });
    const rows = await entitiesDb.query<{ project_id: string; environment_id: string }>("SELECT project_id, environment_id FROM entities WHERE kind = 'cohort' AND environment_id = $1", [environmentId]);
    expect(rows).toEqual([{ project_id: String(target), environment_id: String(environmentId) }]);
  }

  beforeAll(async () => {
    rpc = new RpcClient({ nc: await system.kit.nats(), prefix: system.kit.natsPrefix, timeoutMs: 15_000 });
    db = await system.kit.database('projects');
    entitiesDb = await system.kit.database('entities');
    store = new PostgresEventStore(db, { projections: projectsProjections });
    const signup = await ask(P.signup, { email: `adopt-${system.kit.runId}@example.com`, organizationName: 'Adopters', projectName: 'Shop' });
    owner = (await ask(P.authenticate, { secretHash: hashApiKey(signup.personal_api_key.value) })).principal;
    organizationId = signup.organization.id;
    target = signup.project.id;
  });

  afterAll(() => rpc?.close());

  it.each([
    ['before taxonomy merged', 'taxonomy.adoption.merge', 'before'],
    ['after taxonomy merged, before that was recorded', 'taxonomy.adoption.merge', 'after'],
    ['after the entities moved, before that was recorded', 'entities.adoption.move', 'after'],
  ] as const)('converges when the driver dies %s', async (label, step, when) => {
    const { source, environmentId, dead } = await startDying(label.replace(/\W+/g, '-'), dying(step, when));

    await expect(dead).rejects.toThrow('the driver died');
    await expectAdopted(source, environmentId);
  });

  it('refuses a second adoption of the environment, and deleting it or either project, while one runs (409); then ends the first', async () => {
    let release = () => undefined as void;
    const until = new Promise<void>((resolve) => (release = resolve));
    const { source, environmentId, dead } = await startDying('held', dying('entities.adoption.move', { until }));
    await eventually(async () => expect((await db.query("SELECT 1 FROM environment_adoptions WHERE environment_id = $1 AND status = 'running'", [environmentId])).length).toBe(1));

    const second = await refusal(ask(P.adoptEnvironment, { principal: owner, targetProjectId: target, environmentId, acceptGroupTypeDisruption: false, dryRun: false }));
    expect(second).toMatchObject({ status: 409, code: 'adoption_in_progress' });
    expect(await refusal(ask(P.deleteEnvironment, { principal: owner, environmentId }))).toMatchObject({ status: 409, code: 'adoption_in_progress' });
    expect(await refusal(ask(P.deleteProject, { principal: owner, projectId: source.id }))).toMatchObject({ status: 409, code: 'adoption_in_progress' });
    expect(await refusal(ask(P.deleteProject, { principal: owner, projectId: target }))).toMatchObject({ status: 409, code: 'adoption_in_progress' });
    release();
    expect(await dead).toMatchObject({ status: 'completed' });
    await expectAdopted(source, environmentId);
  });
});
