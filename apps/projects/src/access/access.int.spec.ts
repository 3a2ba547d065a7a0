import { NotFoundError, PermissionDeniedError, ValidationError, projects } from '@strata/contracts';
import { failureOf, page, ProjectsHarness, type Account } from '../testing/projects-harness';

const S = projects.ProjectsSubjects;
const { Levels } = projects;

describe('restricted environments, grants and scoped keys over NATS', () => {
  const h = ProjectsHarness.forSpecs();
  let account: Account;

  beforeAll(async () => {
    account = await h.signup();
  });

  const restrictedEnvironment = async (name: string) => {
    const { result } = await h.call(S.createEnvironment, {
      principal: account.principal,
      projectId: account.project.id,
      environment: { name, accessControl: true },
    });
    return result;
  };
  const visibleIds = async (principal: projects.Principal) =>
    (await h.call(S.listEnvironments, { principal, page })).results.parse().map((environment) => environment.id);

  it('hides a restricted environment from a member (absent from lists, 404) until granted', async () => {
    const secret = await restrictedEnvironment('Secret');
    const member = await h.member(account);

    expect(await visibleIds(member)).not.toContain(secret.id);
    expect(await failureOf(h.call(S.getEnvironment, { principal: member, environmentId: secret.id }))).toBeInstanceOf(NotFoundError);
    const project = await h.call(S.getProject, { principal: member, projectId: account.project.id });
    expect(project.result.environments.map((e) => e.id)).not.toContain(secret.id);

    const granted = await h.call(S.grantAccess, { principal: account.principal, environmentId: secret.id, userId: member.userId, level: Levels.member });
    expect(granted).toEqual({ user_id: member.userId, level: Levels.member });

    expect(await visibleIds(member)).toContain(secret.id);
    await expect(h.call(S.getEnvironment, { principal: member, environmentId: secret.id })).resolves.toMatchObject({ result: { id: secret.id } });
    expect(await h.call(S.listAccess, { principal: account.principal, environmentId: secret.id })).toEqual({ count: 1, results: [granted] });

    await h.call(S.revokeAccess, { principal: account.principal, environmentId: secret.id, userId: member.userId });
    expect(await failureOf(h.call(S.getEnvironment, { principal: member, environmentId: secret.id }))).toBeInstanceOf(NotFoundError);
  });

  it('keeps grants for admins and to members of the organization', async () => {
    const vault = await restrictedEnvironment('Vault');
    const member = await h.member(account);
    const stranger = await h.signup();
    const grant = (principal: projects.Principal, userId: string) =>
      h.call(S.grantAccess, { principal, environmentId: vault.id, userId, level: Levels.member });

    expect(await failureOf(grant(member, member.userId))).toBeInstanceOf(NotFoundError);
    const outsider = await failureOf(grant(account.principal, stranger.user.id));
    expect(outsider).toBeInstanceOf(ValidationError);
    expect(outsider.attr).toBe('user_id');
    const open = account.environment.id;
    expect(await failureOf(h.call(S.listAccess, { principal: member, environmentId: open }))).toBeInstanceOf(PermissionDeniedError);
  });

  it('lets a key scoped to one environment list only that environment', async () => {
    const { result: other } = await h.call(S.createEnvironment, { principal: account.principal, projectId: account.project.id, environment: { name: 'Other' } });
    const key = await h.call(S.createApiKey, { principal: account.principal, label: 'one env', scopedEnvironments: [account.environment.id] });
    const scoped = await h.principalOf(key.value);

    expect(await visibleIds(scoped)).toEqual([account.environment.id]);
    expect(await failureOf(h.call(S.getEnvironment, { principal: scoped, environmentId: other.id }))).toBeInstanceOf(NotFoundError);
    const projectList = await h.call(S.listProjects, { principal: scoped, page });
    expect(projectList.results.parse().map((p) => [p.id, p.environments.map((e) => e.id)])).toEqual([[account.project.id, [account.environment.id]]]);
    const create = h.call(S.createEnvironment, { principal: scoped, projectId: account.project.id, environment: { name: 'Sneaky' } });
    expect(await failureOf(create)).toBeInstanceOf(PermissionDeniedError);
  });

  it('lets a key scoped to one organization see nothing of the user’s other organizations', async () => {
    const other = await h.signup();
    await h.call(S.addMember, { principal: other.principal, organizationId: other.organization.id, email: account.user.email, level: Levels.member });
    const unscoped = await h.principalOf(account.personal_api_key.value);
    const key = await h.call(S.createApiKey, { principal: unscoped, label: 'org', scopedOrganizations: [account.organization.id] });
    const scoped = await h.principalOf(key.value);

    await expect(h.call(S.getProject, { principal: unscoped, projectId: other.project.id })).resolves.toMatchObject({ result: { id: other.project.id } });
    expect(await failureOf(h.call(S.getProject, { principal: scoped, projectId: other.project.id }))).toBeInstanceOf(NotFoundError);
    expect((await h.call(S.currentUser, { principal: scoped })).organizations.map((o) => o.id)).toEqual([account.organization.id]);
  });
});
