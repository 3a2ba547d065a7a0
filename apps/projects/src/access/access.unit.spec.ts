import { NotFoundError, PermissionDeniedError, projects } from '@strata/contracts';
import { authorize, canPerform, effectiveLevel, mayCreateKeyWithScopes, visibility, type AccessTarget } from './access';

const { Levels } = projects;
const ORG = '0190c6d2-0000-7000-8000-000000000001';
const OTHER_ORG = '0190c6d2-0000-7000-8000-000000000002';

const principal = (level: projects.OrganizationLevel | null, scopes: Partial<projects.KeyScopes> = {}): projects.Principal => ({
  userId: 'u1',
  keyId: 'k1',
  organizationLevels: level === null ? {} : { [ORG]: level },
  scopes: { organizations: null, environments: null, ...scopes },
});
const organization: AccessTarget & { kind: 'organization' } = { kind: 'organization', organizationId: ORG };
const project: AccessTarget & { kind: 'project' } = { kind: 'project', organizationId: ORG, projectId: 7 };
const environment = (accessControl = false, grants: Record<string, projects.GrantLevel> = {}) =>
  ({ kind: 'environment', organizationId: ORG, projectId: 7, environmentId: 8, accessControl, grants }) as const;
const restricted = environment(true);
const member = principal(Levels.member);
const admin = principal(Levels.admin);
const owner = principal(Levels.owner);
const scopedTo8 = (level: projects.OrganizationLevel) =>
  principal(level, { environments: [{ environmentId: 8, projectId: 7, organizationId: ORG }] });

describe('access', () => {
  describe('visibility', () => {
    it.each([
      ['a member', member, environment(), 'visible'],
      ['a member', member, restricted, 'hidden'],
      ['a member with a grant', member, environment(true, { u1: Levels.member }), 'visible'],
      ['an admin', admin, restricted, 'visible'],
      ['an owner', owner, restricted, 'visible'],
      ['a stranger', principal(null), environment(), 'hidden'],
      ['a key scoped to the environment', scopedTo8(Levels.member), environment(), 'visible'],
      ['a key scoped to another environment', principal(Levels.owner, { environments: [{ environmentId: 9, projectId: 7, organizationId: ORG }] }), environment(), 'hidden'],
      ['a key scoped to the organization', principal(Levels.member, { organizations: [ORG] }), environment(), 'visible'],
      ['a key scoped to another organization', principal(Levels.owner, { organizations: [OTHER_ORG] }), environment(), 'hidden'],
    ] as const)('%s sees a %s environment as …', (_, who, target, expected) => {
      expect(visibility(who, target)).toBe(expected);
    });

    it('shows a member every project and the organization; hides them from strangers', () => {
      expect(visibility(member, project)).toBe('visible');
      expect(visibility(member, organization)).toBe('visible');
      expect(visibility(principal(null), project)).toBe('hidden');
      expect(visibility(principal(null), organization)).toBe('hidden');
    });

    it('shows an environment-scoped key only the project and organization holding its environments', () => {
      expect(visibility(scopedTo8(Levels.admin), project)).toBe('visible');
      expect(visibility(scopedTo8(Levels.admin), { ...project, projectId: 20 })).toBe('hidden');
      expect(visibility(scopedTo8(Levels.admin), organization)).toBe('visible');
    });
  });

  describe('permissions', () => {
    it('lets members read and update projects and environments', () => {
      expect(canPerform(member, project, 'project:read')).toBe(true);
      expect(canPerform(member, project, 'project:update')).toBe(true);
      expect(canPerform(member, environment(), 'environment:read')).toBe(true);
      expect(canPerform(member, environment(), 'environment:update')).toBe(true);
      expect(canPerform(member, organization, 'members:read')).toBe(true);
    });

    it.each([
      ['project:create', organization],
      ['members:manage', organization],
      ['organization:update', organization],
      ['project:delete', project],
      ['environment:create', project],
      ['environment:adopt', project],
      ['environment:delete', environment()],
      ['environment:reset_token', environment()],
      ['environment:restrict', environment()],
      ['environment:access', environment()],
      ['environment:move', environment()],
    ] as const)('keeps %s for admins', (action, target) => {
      const check = canPerform as (p: projects.Principal, t: AccessTarget, a: string) => boolean;
      expect(check(member, target, action)).toBe(false);
      expect(check(admin, target, action)).toBe(true);
      expect(check(owner, target, action)).toBe(true);
    });

    it('lifts a member with an admin grant to admin on that restricted environment only', () => {
      const grantedAdmin = environment(true, { u1: Levels.admin });
      expect(effectiveLevel(member, grantedAdmin)).toBe(Levels.admin);
      expect(canPerform(member, grantedAdmin, 'environment:reset_token')).toBe(true);
      expect(effectiveLevel(member, environment(false, { u1: Levels.admin }))).toBe(Levels.member);
    });

    it('lets an environment-scoped key only read the containers of its environments', () => {
      const key = scopedTo8(Levels.owner);
      expect(canPerform(key, project, 'project:read')).toBe(true);
      expect(canPerform(key, organization, 'organization:read')).toBe(true);
      expect(canPerform(key, project, 'project:update')).toBe(false);
      expect(canPerform(key, project, 'environment:create')).toBe(false);
      expect(canPerform(key, organization, 'members:read')).toBe(false);
      expect(canPerform(key, environment(), 'environment:reset_token')).toBe(true);
    });
  });

  describe('authorize', () => {
    it('answers 404 when hidden, 403 when visible but not allowed, nothing when allowed', () => {
      expect(() => authorize(member, restricted, 'environment:read')).toThrow(NotFoundError);
      expect(() => authorize(principal(null), project, 'project:delete')).toThrow(NotFoundError);
      expect(() => authorize(member, environment(), 'environment:reset_token')).toThrow(PermissionDeniedError);
      expect(() => authorize(admin, restricted, 'environment:reset_token')).not.toThrow();
    });
  });

  describe('creating keys from a scoped key', () => {
    const scoped = scopedTo8(Levels.owner);
    const orgScoped = principal(Levels.owner, { organizations: [ORG] });

    it('allows anything from an unscoped key', () => {
      expect(mayCreateKeyWithScopes(owner, { organizations: null, environments: null })).toBe(true);
    });

    it('allows only narrower scopes from a scoped key', () => {
      expect(mayCreateKeyWithScopes(scoped, { organizations: null, environments: [8] })).toBe(true);
      expect(mayCreateKeyWithScopes(scoped, { organizations: null, environments: null })).toBe(false);
      expect(mayCreateKeyWithScopes(scoped, { organizations: null, environments: [8, 9] })).toBe(false);
      expect(mayCreateKeyWithScopes(orgScoped, { organizations: [ORG], environments: [8] })).toBe(true);
      expect(mayCreateKeyWithScopes(orgScoped, { organizations: null, environments: [8] })).toBe(false);
      expect(mayCreateKeyWithScopes(orgScoped, { organizations: [OTHER_ORG], environments: null })).toBe(false);
    });
  });
});
