import { NotFoundError, PermissionDeniedError, projects } from '@strata/contracts';
import { failureOf, ProjectsHarness, type Account } from '../testing/projects-harness';
import { hashApiKey } from '@strata/service-kit';

const S = projects.ProjectsSubjects;

describe('server keys over NATS (SPEC §4.5)', () => {
  const h = ProjectsHarness.forSpecs();
  let account: Account;
  let member: projects.Principal;

  beforeAll(async () => {
    account = await h.signup();
    member = await h.member(account);
  });

  const newEnvironment = async (name: string) =>
    (await h.call(S.createEnvironment, { principal: account.principal, projectId: account.project.id, environment: { name } })).result;
  const createKey = (environmentId: number, name = 'backend', principal = account.principal) => h.call(S.createServerKey, { principal, environmentId, name });
  const resolve = async (secret: string) => (await h.call(S.resolveSdkKey, { secretHash: hashApiKey(secret) })).key;

  it('shows the key once, lists it without its secret, and stores only its hash', async () => {
    const environment = await newEnvironment('Keys');
    const created = await createKey(environment.id, ' backend ');

    expect(created).toMatchObject({ name: 'backend', key: expect.stringMatching(/^ser\.[A-Za-z0-9_-]{43}$/) });
    expect(created.visible_prefix).toBe(created.key.slice(0, 8));
    const listed = await h.call(S.listServerKeys, { principal: account.principal, environmentId: environment.id });
    expect(listed).toEqual({ count: 1, results: [{ id: created.id, name: 'backend', visible_prefix: created.visible_prefix, created_at: created.created_at }] });
    const stored = await h.db.query<{ secret_hash: string }>('SELECT secret_hash FROM server_keys WHERE id = $1', [created.id]);
    expect(stored).toEqual([{ secret_hash: hashApiKey(created.key) }]);
    expect(await h.db.query('SELECT stream_id FROM events WHERE data::text LIKE $1', [`%${created.key.slice(4)}%`])).toEqual([]);
  });

  it('resolves a server key and the client token to their environment, and nothing once revoked or rotated', async () => {
    const environment = await newEnvironment('Resolved');
    const { id, key } = await createKey(environment.id);

    expect(await resolve(key)).toEqual({ environmentId: environment.id, projectId: account.project.id, kind: 'server' });
    expect(await resolve(environment.api_token)).toEqual({ environmentId: environment.id, projectId: account.project.id, kind: 'client' });
    expect(await resolve(`ser.${'x'.repeat(43)}`)).toBeNull();

    await h.call(S.revokeServerKey, { principal: account.principal, environmentId: environment.id, keyId: id });
    expect(await resolve(key)).toBeNull();
    await h.call(S.resetEnvironmentToken, { principal: account.principal, environmentId: environment.id });
    expect(await resolve(environment.api_token)).toBeNull();
  });

  it('keeps keys for admins: 403 for a member who sees the environment, 404 for an outsider', async () => {
    const environmentId = account.environment.id;
    const stranger = (await h.signup()).principal;

    expect(await failureOf(createKey(environmentId, 'nope', member))).toBeInstanceOf(PermissionDeniedError);
    expect(await failureOf(h.call(S.listServerKeys, { principal: member, environmentId }))).toBeInstanceOf(PermissionDeniedError);
    expect(await failureOf(createKey(environmentId, 'nope', stranger))).toBeInstanceOf(NotFoundError);
    expect(await failureOf(h.call(S.listServerKeys, { principal: stranger, environmentId }))).toBeInstanceOf(NotFoundError);
  });

  it('answers 404 when revoking a key through another environment, and keeps the key', async () => {
    const one = await newEnvironment('One');
    const other = await newEnvironment('Other');
    const { id, key } = await createKey(one.id);

    const failure = await failureOf(h.call(S.revokeServerKey, { principal: account.principal, environmentId: other.id, keyId: id }));
    expect(failure).toBeInstanceOf(NotFoundError);
    expect(await resolve(key)).toMatchObject({ environmentId: one.id });
  });

  it('revokes an environment’s keys with the environment', async () => {
    const doomed = await newEnvironment('Doomed');
    const { key } = await createKey(doomed.id);

    await h.call(S.deleteEnvironment, { principal: account.principal, environmentId: doomed.id });
    expect(await resolve(key)).toBeNull();
    expect(await h.db.query('SELECT id FROM server_keys WHERE environment_id = $1', [doomed.id])).toEqual([]);
  });
});
