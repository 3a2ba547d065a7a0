import { AuthenticationError, ConflictError, NotFoundError, PermissionDeniedError, projects } from '@strata/contracts';
import { runInContext } from '@strata/messaging';
import { failureOf, ProjectsHarness } from '../testing/projects-harness';
import { hashApiKey } from '@strata/service-kit';

const S = projects.ProjectsSubjects;
const { Levels } = projects;

describe('accounts over NATS', () => {
  const h = ProjectsHarness.forSpecs();

  describe('signup', () => {
    it('creates an organization, its owner, a project with a Production environment and a key, shown once', async () => {
      const account = await h.signup({ email: 'Ada@Example.com', firstName: 'Ada', organizationName: 'Analytical', projectName: 'Engine' });

      expect(account.user).toMatchObject({ email: 'Ada@Example.com', first_name: 'Ada' });
      expect(account.organization.name).toBe('Analytical');
      expect(account.project).toMatchObject({ name: 'Engine', organization_id: account.organization.id });
      expect(account.project.environments).toEqual([{ id: account.project.id, name: 'Production' }]);
      expect(account.environment).toMatchObject({ id: account.project.id, project_id: account.project.id, name: 'Production', access_control: false, timezone: 'UTC' });
      expect(projects.isEnvironmentToken(account.environment.api_token)).toBe(true);
      expect(projects.isPersonalApiKey(account.personal_api_key.value)).toBe(true);
      expect(account.principal).toMatchObject({ userId: account.user.id, organizationLevels: { [account.organization.id]: Levels.owner } });
      const stored = await h.db.query<{ secret_hash: string }>('SELECT secret_hash FROM personal_api_keys WHERE id = $1', [account.personal_api_key.id]);
      expect(stored).toEqual([{ secret_hash: hashApiKey(account.personal_api_key.value) }]);
    });

    it('writes all four streams in one transaction, each event with the correlation id and actor', async () => {
      const account = await runInContext({ correlationId: 'signup-corr-1', actor: 'anonymous' }, () => h.signup());

      const rows = await h.db.query<{ stream_id: string; transaction_id: string; metadata: Record<string, unknown> }>(
        "SELECT stream_id, transaction_id::text, metadata FROM events WHERE metadata->>'correlationId' = 'signup-corr-1' ORDER BY global_position",
      );
      expect(rows.map((r) => r.stream_id)).toEqual(
        expect.arrayContaining([`organization-${account.organization.id}`, `user-${account.user.id}`, `project-${account.project.id}`, `personal-api-key-${account.personal_api_key.id}`]),
      );
      expect(new Set(rows.map((r) => r.transaction_id)).size).toBe(1);
      expect(rows.every((r) => r.metadata.actor === 'anonymous')).toBe(true);
    });

    it('refuses an email already in use, whatever its case (409), and leaves nothing behind', async () => {
      await h.signup({ email: 'grace@example.com' });
      const before = await h.db.query('SELECT count(*) FROM events');

      expect(await failureOf(h.signup({ email: 'GRACE@example.com' }))).toBeInstanceOf(ConflictError);
      expect(await h.db.query('SELECT count(*) FROM events')).toEqual(before);
    });
  });

  describe('personal API keys', () => {
    it('lists the asking user’s working keys, oldest first, with no secret or hash, and none of another user’s', async () => {
      const account = await h.signup();
      const other = await h.signup();
      const extra = await h.call(S.createApiKey, { principal: account.principal, label: 'CI' });
      const revoked = await h.call(S.createApiKey, { principal: account.principal, label: 'gone' });
      await h.call(S.revokeApiKey, { principal: account.principal, keyId: revoked.id });

      const listed = await h.call(S.listApiKeys, { principal: account.principal });

      const { value: _secret, ...withoutSecret } = extra;
      expect(listed.results.map((key) => key.id)).toEqual([account.personal_api_key.id, extra.id]);
      expect(listed.results[1]).toEqual(withoutSecret);
      expect(listed.count).toBe(2);
      expect((await h.call(S.listApiKeys, { principal: other.principal })).results.map((key) => key.id)).toEqual([other.personal_api_key.id]);
    });

    it('authenticate by hash; a revoked key gets 401 on its very next use', async () => {
      const account = await h.signup();
      const extra = await h.call(S.createApiKey, { principal: account.principal, label: 'CI' });
      expect((await h.principalOf(extra.value)).keyId).toBe(extra.id);

      await h.call(S.revokeApiKey, { principal: account.principal, keyId: extra.id });

      expect(await failureOf(h.principalOf(extra.value))).toBeInstanceOf(AuthenticationError);
      expect((await h.principalOf(account.personal_api_key.value)).userId).toBe(account.user.id);
    });

    it('answers 401 for an unknown key and 404 for revoking somebody else’s key', async () => {
      const a = await h.signup();
      const b = await h.signup();
      expect(await failureOf(h.principalOf(`phx_${'x'.repeat(43)}`))).toBeInstanceOf(AuthenticationError);
      expect(await failureOf(h.call(S.revokeApiKey, { principal: b.principal, keyId: a.personal_api_key.id }))).toBeInstanceOf(NotFoundError);
    });

    it('scope a key to environments, resolved to their project and organization', async () => {
      const account = await h.signup();
      const key = await h.call(S.createApiKey, { principal: account.principal, label: 'env', scopedEnvironments: [account.environment.id] });

      const principal = await h.principalOf(key.value);

      expect(principal.scopes.environments).toEqual([
        { environmentId: account.environment.id, projectId: account.project.id, organizationId: account.organization.id },
      ]);
      const wider = h.call(S.createApiKey, { principal, label: 'escape', scopedEnvironments: null });
      expect(await failureOf(wider)).toBeInstanceOf(PermissionDeniedError);
    });
  });

  describe('members', () => {
    it('adds a new user with a key that works at once, lists them, changes their level and removes them', async () => {
      const account = await h.signup();
      const organizationId = account.organization.id;
      const added = await h.call(S.addMember, { principal: account.principal, organizationId, email: `new-${h.kit.runId}@example.com`, level: Levels.member });
      const member = await h.principalOf(added.personal_api_key!.value);
      expect(member.organizationLevels).toEqual({ [organizationId]: Levels.member });
      expect(added.personal_api_key!.scoped_organizations).toEqual([organizationId]);

      const listed = await h.call(S.listMembers, { principal: member, organizationId, page: { limit: 10, offset: 0 } });
      expect(listed.count).toBe(2);
      expect(listed.results.parse().map((m) => [m.user.id, m.level])).toEqual([[account.user.id, Levels.owner], [added.user.id, Levels.member]]);

      const updated = await h.call(S.updateMember, { principal: account.principal, organizationId, userId: added.user.id, level: Levels.admin });
      expect(updated.result.level).toBe(Levels.admin);
      await h.call(S.removeMember, { principal: account.principal, organizationId, userId: added.user.id });
      expect((await h.principalOf(added.personal_api_key!.value)).organizationLevels).toEqual({});
    });

    it('hands the adding admin no key for a user who already exists: they use their own', async () => {
      const acme = await h.signup();
      const globex = await h.signup();
      const keysBefore = await h.db.query('SELECT id FROM personal_api_keys WHERE user_id = $1', [globex.user.id]);

      const added = await h.call(S.addMember, { principal: acme.principal, organizationId: acme.organization.id, email: globex.user.email, level: Levels.member });

      expect(added).toMatchObject({ user: { id: globex.user.id }, level: Levels.member, personal_api_key: null });
      expect(await h.db.query('SELECT id FROM personal_api_keys WHERE user_id = $1', [globex.user.id])).toEqual(keysBefore);
      expect((await h.principalOf(globex.personal_api_key.value)).organizationLevels).toEqual({ [globex.organization.id]: Levels.owner, [acme.organization.id]: Levels.member });
    });

    it('keep members from managing members (403) and strangers from seeing the organization (404)', async () => {
      const account = await h.signup();
      const stranger = await h.signup();
      const member = await h.member(account);
      const organizationId = account.organization.id;
      const add = (principal: projects.Principal) => h.call(S.addMember, { principal, organizationId, email: `x-${Math.random()}@example.com`, level: Levels.member });

      expect(await failureOf(add(member))).toBeInstanceOf(PermissionDeniedError);
      expect(await failureOf(add(stranger.principal))).toBeInstanceOf(NotFoundError);
      expect(await failureOf(h.call(S.getOrganization, { principal: stranger.principal, organizationId }))).toBeInstanceOf(NotFoundError);
    });

    it('shows the current user their organizations with levels', async () => {
      const account = await h.signup();
      const me = await h.call(S.currentUser, { principal: account.principal });
      expect(me).toMatchObject({ id: account.user.id, organizations: [{ id: account.organization.id, level: Levels.owner }] });
    });
  });
});
