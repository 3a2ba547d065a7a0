import { projects } from '@strata/contracts';
import { migrate, type Database } from '@strata/database';
import { messagingMigrations, RpcClient, type EventConsumer } from '@strata/messaging';
import { eventually, RunningSystem } from '@strata/testing';
import { ProjectsMirror } from './projects-mirror';
import { projectsMirrorConsumer, type MirroredEvent } from './projects-mirror.consumer';
import { projectsMirrorMigrations, resetProjectsMirror } from './projects-mirror.migrations';

describe('the projects mirror', () => {
  let system: RunningSystem;
  let db: Database;
  let rpc: RpcClient;
  let mirror: ProjectsMirror;
  let consumer: EventConsumer | undefined;

  beforeAll(async () => {
    system = await RunningSystem.start({ apps: ['projects'] });
    const { kit } = system;
    // The mirror lives in a schema of its own here, as it would in the schema of the service keeping it.
    await migrate({ url: kit.databaseUrl, schema: kit.schema('mirror'), migrations: [...messagingMigrations, ...projectsMirrorMigrations] });
    db = await kit.database('mirror');
    rpc = new RpcClient({ nc: await kit.nats(), prefix: kit.natsPrefix });
    mirror = new ProjectsMirror(db, rpc);
  });

  afterAll(async () => {
    await consumer?.stop();
    rpc?.close();
    await system?.stop();
  });

  const signup = (name: string) => rpc.request<projects.SignupResponse>(projects.ProjectsSubjects.signup, { email: `${name}@example.com`, organizationName: name });

  it('asks the projects service about an environment or project its copy has not heard of yet', async () => {
    const { project, environment } = await signup('early');

    expect(await db.query('SELECT * FROM known_environments')).toEqual([]);
    expect(await mirror.projectOfEnvironment(environment.id)).toBe(project.id);
    expect(await mirror.environmentsOf(project.id)).toEqual([environment.id]);
    expect(await mirror.isProjectRemoved(project.id)).toBe(false);
  });

  it('answers unknown only when the owner does not know it either', async () => {
    expect(await mirror.projectOfEnvironment(987_654_321)).toBeUndefined();
    expect(await mirror.environmentsOf(987_654_321)).toEqual([]);
    expect(await mirror.isProjectRemoved(987_654_321)).toBe(true);
  });

  it('is kept by its consumer from the projects stream, with the service reacting to each mirrored event', async () => {
    const reactions: string[] = [];
    const react = async (event: MirroredEvent) => void reactions.push(`${event.type} ${event.data.projectId}`);
    consumer = await projectsMirrorConsumer({ nc: await system.kit.nats(), db, service: 'entities', prefix: system.kit.natsPrefix, react });
    await consumer.start();
    const { project, environment } = await signup('later');

    await eventually(async () => expect(await db.query('SELECT environment_id, project_id FROM known_environments WHERE project_id = $1', [project.id])).toHaveLength(1));
    expect(await mirror.projectOfEnvironment(environment.id)).toBe(project.id);
    expect(await db.query('SELECT deleted FROM known_projects WHERE project_id = $1', [project.id])).toEqual([{ deleted: false }]);
    expect(reactions).toEqual(expect.arrayContaining([`ProjectCreated ${project.id}`, `EnvironmentCreated ${project.id}`]));
    expect(consumer.name).toBe('entities-projects');
  });

  it('is emptied for a rebuild', async () => {
    await db.transaction((tx) => resetProjectsMirror(tx));

    expect(await db.query('SELECT project_id FROM known_projects UNION ALL SELECT project_id FROM known_environments')).toEqual([]);
  });
});
