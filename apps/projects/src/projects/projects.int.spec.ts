import { ConflictError, NotFoundError, PermissionDeniedError, PreconditionFailedError, ValidationError, projects } from '@strata/contracts';
import { runInContext } from '@strata/messaging';
import { failureOf, page, ProjectsHarness, type Account } from '../testing/projects-harness';

const S = projects.ProjectsSubjects;
const { Levels } = projects;

describe('projects and environments over NATS', () => {
  const h = ProjectsHarness.forSpecs();
  let account: Account;
  let member: projects.Principal;

  beforeAll(async () => {
    account = await h.signup();
    member = await h.member(account);
  });

  const createEnvironment = (projectId: number, name: string, principal = account.principal) =>
    h.call(S.createEnvironment, { principal, projectId, environment: { name } });
  const createProject = (name: string, principal = account.principal) => h.call(S.createProject, { principal, name });

  it('creates a project whose id is its default environment’s, from the sequence environments share', async () => {
    const { result: project, version } = await createProject('Shop');
    const { result: staging } = await createEnvironment(project.id, 'Staging');

    expect(project.environments).toEqual([{ id: project.id, name: 'Production' }]);
    expect(version).toBe(2);
    expect(staging.id).toBeGreaterThan(project.id);
    const { result: next } = await createProject('Next');
    expect(next.id).toBeGreaterThan(staging.id);
  });

  it('lists and reads projects with their environments and versions', async () => {
    const { result: project } = await createProject('Listed');
    const listed = await h.call(S.listProjects, { principal: member, page });
    const read = await h.call(S.getProject, { principal: member, projectId: project.id });

    expect(listed.results.parse().map((p) => p.id)).toContain(project.id);
    expect(listed.count).toBe(listed.results.parse().length);
    expect(read).toEqual({ result: project, version: 2 });
    const second = await h.call(S.listProjects, { principal: member, page: { limit: 1, offset: 1 } });
    expect({ count: second.count, results: second.results.parse() }).toEqual({ count: listed.count, results: [listed.results.parse()[1]] });
  });

  it('keeps project creation and environment creation for admins (403 for a member)', async () => {
    expect(await failureOf(createProject('Nope', member))).toBeInstanceOf(PermissionDeniedError);
    expect(await failureOf(createEnvironment(account.project.id, 'QA', member))).toBeInstanceOf(PermissionDeniedError);
  });

  it('answers 404 to a user of another organization for its projects and environments', async () => {
    const stranger = await h.signup();
    const { principal } = stranger;
    const environmentId = account.environment.id;

    expect(await failureOf(h.call(S.getProject, { principal, projectId: account.project.id }))).toBeInstanceOf(NotFoundError);
    expect(await failureOf(h.call(S.getEnvironment, { principal, environmentId }))).toBeInstanceOf(NotFoundError);
    expect(await failureOf(h.call(S.deleteEnvironment, { principal, environmentId, ifMatch: 1 }))).toBeInstanceOf(NotFoundError);
    expect(await failureOf(h.call(S.listEnvironments, { principal, projectId: account.project.id, page }))).toBeInstanceOf(NotFoundError);
    const theirs = await h.call(S.listEnvironments, { principal, page });
    expect(theirs.results.parse().map((e) => e.id)).toEqual([stranger.environment.id]);
  });

  it('needs organization_id only when the principal sees several organizations', async () => {
    const other = await h.signup();
    const both: projects.Principal = { ...account.principal, organizationLevels: { ...account.principal.organizationLevels, ...other.principal.organizationLevels } };
    const error = await failureOf(createProject('Which', both));
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.attr).toBe('organization_id');
  });

  it('refuses a duplicate environment name in one project, case-insensitively (409), but not in another', async () => {
    const { result: a } = await createProject('A');
    const { result: b } = await createProject('B');
    await createEnvironment(a.id, 'Staging');

    const duplicate = await failureOf(createEnvironment(a.id, 'STAGING'));
    expect(duplicate).toBeInstanceOf(ConflictError);
    expect(duplicate.attr).toBe('name');
    await expect(createEnvironment(b.id, 'Staging')).resolves.toMatchObject({ result: { name: 'Staging', project_id: b.id } });
  });

  it('lets exactly one of concurrent creations of one name succeed', async () => {
    const { result: project } = await createProject('Race');
    const outcomes = await Promise.allSettled(Array.from({ length: 6 }, () => createEnvironment(project.id, 'Twin')));

    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
    for (const o of outcomes) if (o.status === 'rejected') expect(o.reason).toBeInstanceOf(ConflictError);
    const listed = await h.call(S.listEnvironments, { principal: account.principal, projectId: project.id, page });
    expect(listed.results.parse().map((e) => e.name).sort()).toEqual(['Production', 'Twin']);
  });

  it('refuses to delete the last environment (400) and deletes any other', async () => {
    const { result: project } = await createProject('Lonely');
    const last = await failureOf(h.call(S.deleteEnvironment, { principal: account.principal, environmentId: project.id }));
    expect(last).toBeInstanceOf(ValidationError);

    const { result: extra } = await createEnvironment(project.id, 'Extra');
    await h.call(S.deleteEnvironment, { principal: account.principal, environmentId: extra.id });
    expect(await failureOf(h.call(S.getEnvironment, { principal: account.principal, environmentId: extra.id }))).toBeInstanceOf(NotFoundError);
  });

  it('resets a token for an admin only; the old token is gone from the read model at once', async () => {
    const { result: project } = await createProject('Tokens');
    const { result: before } = await h.call(S.getEnvironment, { principal: account.principal, environmentId: project.id });

    const denied = h.call(S.resetEnvironmentToken, { principal: member, environmentId: project.id });
    expect(await failureOf(denied)).toBeInstanceOf(PermissionDeniedError);
    const { result: after, version } = await h.call(S.resetEnvironmentToken, { principal: account.principal, environmentId: project.id });

    expect(projects.isEnvironmentToken(after.api_token)).toBe(true);
    expect(after.api_token).not.toBe(before.api_token);
    expect(version).toBe(2);
    expect(await h.db.query('SELECT id FROM environments WHERE api_token = $1', [before.api_token])).toEqual([]);
    expect(await h.db.query('SELECT id FROM environments WHERE api_token = $1', [after.api_token])).toEqual([{ id: String(project.id) }]);
  });

  it('updates name and settings with If-Match; a stale version gets 412 and changes nothing', async () => {
    const { result: project } = await createProject('Pinned');
    const environmentId = project.id;
    const changes = { name: 'Live', settings: { timezone: 'Europe/Warsaw', banner_colour: '#fc0' } };
    const updated = await h.call(S.updateEnvironment, { principal: member, environmentId, changes, ifMatch: 1 });
    expect(updated).toMatchObject({ result: { name: 'Live', timezone: 'Europe/Warsaw', banner_colour: '#fc0' }, version: 3 });

    const stale = h.call(S.updateEnvironment, { principal: member, environmentId, changes: { name: 'Stale' }, ifMatch: 1 });
    expect(await failureOf(stale)).toBeInstanceOf(PreconditionFailedError);
    expect(await h.call(S.getEnvironment, { principal: member, environmentId })).toEqual(updated);

    const staleProject = h.call(S.updateProject, { principal: member, projectId: project.id, name: 'Stale', ifMatch: 1 });
    expect(await failureOf(staleProject)).toBeInstanceOf(PreconditionFailedError);
    expect((await h.call(S.getProject, { principal: member, projectId: project.id })).result.name).toBe('Pinned');
  });

  it('keeps restricting an environment for admins', async () => {
    const restrict = h.call(S.updateEnvironment, { principal: member, environmentId: account.environment.id, changes: { accessControl: true } });
    expect(await failureOf(restrict)).toBeInstanceOf(PermissionDeniedError);
  });

  it('renames a project, and deletes it with its environments for admins only', async () => {
    const { result: project } = await createProject('Doomed');
    const renamed = await h.call(S.updateProject, { principal: member, projectId: project.id, name: 'Renamed' });
    expect(renamed.result.name).toBe('Renamed');
    expect(await failureOf(h.call(S.deleteProject, { principal: member, projectId: project.id }))).toBeInstanceOf(PermissionDeniedError);

    await h.call(S.deleteProject, { principal: account.principal, projectId: project.id });

    expect(await failureOf(h.call(S.getProject, { principal: account.principal, projectId: project.id }))).toBeInstanceOf(NotFoundError);
    expect(await failureOf(h.call(S.getEnvironment, { principal: account.principal, environmentId: project.id }))).toBeInstanceOf(NotFoundError);
    expect(await failureOf(h.call(S.deleteProject, { principal: account.principal, projectId: project.id }))).toBeInstanceOf(NotFoundError);
  });

  it('records the correlation id and the acting user on every event', async () => {
    const { result: project } = await runInContext({ correlationId: 'corr-project-1', actor: 'user:gateway-said' }, () => createProject('Traced'));

    const rows = await h.db.query<{ metadata: Record<string, unknown> }>('SELECT metadata FROM events WHERE stream_id = $1', [`project-${project.id}`]);
    expect(rows.map((r) => r.metadata)).toEqual([
      { correlationId: 'corr-project-1', actor: `user:${account.user.id}` },
      { correlationId: 'corr-project-1', actor: `user:${account.user.id}` },
    ]);
  });

  it('gives admins of the organization the same powers as owners', async () => {
    const admin = await h.member(account, Levels.admin);
    await expect(createEnvironment(account.project.id, 'Admin-made', admin)).resolves.toMatchObject({ result: { name: 'Admin-made' } });
  });
});
