import { ValidationError, projects } from '@strata/contracts';
import { failureOf, ProjectsHarness, type Account } from './testing/projects-harness';

const S = projects.ProjectsSubjects;

describe('malformed requests', () => {
  const h = ProjectsHarness.forSpecs();
  let account: Account;

  beforeAll(async () => {
    account = await h.signup();
  });

  const cases: [string, projects.ProjectsSubject, (a: Account) => unknown, string | null][] = [
    ['no payload at all', S.listProjects, () => null, 'principal'],
    ['a principal of the wrong shape', S.listProjects, () => ({ principal: { userId: 7 } }), 'principal.user_id'],
    ['a page over the maximum', S.listProjects, (a) => ({ principal: a.principal, page: { limit: 5000, offset: 0 } }), 'page.limit'],
    ['a project id that is text', S.getProject, (a) => ({ principal: a.principal, projectId: 'seven' }), 'project_id'],
    ['a blank project name', S.createProject, (a) => ({ principal: a.principal, name: '  ' }), 'name'],
    ['an environment without a name', S.createEnvironment, (a) => ({ principal: a.principal, projectId: a.project.id, environment: {} }), 'name'],
    ['access_control that is not a boolean', S.updateEnvironment, (a) => ({ principal: a.principal, environmentId: a.environment.id, changes: { accessControl: 'yes' } }), 'access_control'],
    ['an unknown time zone', S.updateEnvironment, (a) => ({ principal: a.principal, environmentId: a.environment.id, changes: { settings: { timezone: 'Mars/Base' } } }), 'timezone'],
    ['an unknown setting', S.updateEnvironment, (a) => ({ principal: a.principal, environmentId: a.environment.id, changes: { settings: { favourite_colour: 'blue' } } }), 'favourite_colour'],
    ['a bad banner colour on creation', S.createEnvironment, (a) => ({ principal: a.principal, projectId: a.project.id, environment: { name: 'X', settings: { banner_colour: 'red' } } }), 'banner_colour'],
    ['an If-Match that is not a version', S.deleteEnvironment, (a) => ({ principal: a.principal, environmentId: a.environment.id, ifMatch: 'W/"1"' }), 'if_match'],
    ['a signup without an organization name', S.signup, () => ({ email: 'x@example.com' }), 'organization_name'],
    ['a signup with an invalid email', S.signup, () => ({ email: 'nope', organizationName: 'Org' }), 'email'],
    ['a member level that does not exist', S.addMember, (a) => ({ principal: a.principal, organizationId: a.organization.id, email: 'y@example.com', level: 3 }), 'level'],
    ['an owner grant', S.grantAccess, (a) => ({ principal: a.principal, environmentId: a.environment.id, userId: a.user.id, level: 15 }), 'level'],
    ['a secret hash that is not sha256', S.authenticate, () => ({ secretHash: 'phx_plain' }), 'secret_hash'],
    ['scoped environments that are not ids', S.createApiKey, (a) => ({ principal: a.principal, label: 'k', scopedEnvironments: ['one'] }), 'scoped_environments.0'],
    ['a scope on an environment the key cannot see', S.createApiKey, (a) => ({ principal: a.principal, label: 'k', scopedEnvironments: [999_999] }), 'scoped_environments'],
  ];

  it.each(cases)('refuse %s with a ValidationError naming the field', async (_, subject, payload, attr) => {
    const error = await failureOf(h.send(subject, payload(account)));

    expect(error).toBeInstanceOf(ValidationError);
    expect(error.attr).toBe(attr);
  });

  it('answers bytes that are not JSON with a ValidationError and keeps serving', async () => {
    const nc = await h.kit.nats();
    const reply = await nc.request(`${h.kit.natsPrefix}${S.getProject}`, new TextEncoder().encode('{"principal": '), { timeout: 5_000 });

    expect(reply.json()).toMatchObject({ status: 400, type: 'validation_error' });
    await expect(h.call(S.getProject, { principal: account.principal, projectId: account.project.id })).resolves.toMatchObject({ version: 2 });
  });
});
