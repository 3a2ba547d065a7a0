import { ConflictError, NotFoundError, PermissionDeniedError, ValidationError, projects } from '@strata/contracts';
import { DeciderSpec } from '@strata/testing';
import { apiKeyDecider } from './api-key';
import { userDecider } from './user';
import { hashApiKey } from '@strata/service-kit';

const AT = '2025-01-01T00:00:00.000Z';
const ORG = '0190c6d2-0000-7000-8000-000000000001';
const SECRET = `phx_${'k'.repeat(43)}`;

describe('user', () => {
  const spec = DeciderSpec.for(userDecider);
  const create = (email: string, firstName?: string) => ({ type: 'CreateUser', data: { userId: 'u1', email, firstName, createdAt: AT } }) as const;

  it('is created with an empty first name by default', () => {
    spec.given([]).when(create('ada@example.com')).then([
      { type: 'UserCreated', data: { userId: 'u1', email: 'ada@example.com', firstName: '', createdAt: AT } },
    ]);
  });

  it('refuses a second creation', () => {
    spec.given([{ type: 'UserCreated', data: { userId: 'u1', email: 'a@b.co', firstName: '', createdAt: AT } }]).when(create('a@b.co')).thenThrows(ConflictError);
  });
});

describe('personal API key', () => {
  const spec = DeciderSpec.for(apiKeyDecider);
  const create = (data: Partial<Extract<Parameters<typeof apiKeyDecider.decide>[0], { type: 'CreatePersonalApiKey' }>['data']> = {}) =>
    ({ type: 'CreatePersonalApiKey', data: { keyId: 'k1', userId: 'u1', label: 'CI', secret: SECRET, createdAt: AT, ...data } }) as const;
  const created: projects.PersonalApiKeyCreated = {
    type: 'PersonalApiKeyCreated',
    data: {
      keyId: 'k1', userId: 'u1', label: 'CI', secretHash: hashApiKey(SECRET), visiblePrefix: 'phx_kkkk',
      scopedOrganizations: null, scopedEnvironments: null, createdAt: AT,
    },
  };
  const unscoped = { organizations: null, environments: null };
  const revoke = (actorUserId: string, actorReach: { organizations: string[] | null; environments: number[] | null } = unscoped) =>
    ({ type: 'RevokePersonalApiKey', data: { actorUserId, actorReach, revokedAt: AT } }) as const;
  const revoked: projects.PersonalApiKeyRevoked = { type: 'PersonalApiKeyRevoked', data: { keyId: 'k1', userId: 'u1', secretHash: hashApiKey(SECRET), revokedAt: AT } };

  it('hashes with sha256 hex', () => {
    expect(hashApiKey('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(hashApiKey(SECRET)).toMatch(/^[0-9a-f]{64}$/);
    expect(hashApiKey(SECRET)).not.toBe(hashApiKey(`phx_${'j'.repeat(43)}`));
  });

  it('stores the hash and a visible prefix, never the secret', () => {
    spec.given([]).when(create()).then([created]);
    expect(JSON.stringify(created)).not.toContain(SECRET);
  });

  it('keeps its scopes, empty meaning unrestricted, duplicates collapsed', () => {
    spec.given([]).when(create({ scopedOrganizations: [ORG, ORG], scopedEnvironments: [] })).then([
      { ...created, data: { ...created.data, scopedOrganizations: [ORG], scopedEnvironments: null } },
    ]);
    spec.given([]).when(create({ scopedEnvironments: [7, 8] })).then([{ ...created, data: { ...created.data, scopedEnvironments: [7, 8] } }]);
  });

  it.each([
    ['a malformed secret', { secret: 'phx_short' }, 'value'],
    ['an environment token as secret', { secret: `phc_${'k'.repeat(43)}` }, 'value'],
  ])('refuses %s', (_, data, attr) => {
    let thrown: unknown;
    try {
      apiKeyDecider.decide(create(data), apiKeyDecider.initialState());
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ValidationError);
    expect((thrown as ValidationError).attr).toBe(attr);
  });

  it('is revoked by its owner only; others get 404', () => {
    spec.given([created]).when(revoke('u1')).then([revoked]);
    spec.given([created]).when(revoke('u2')).thenThrows(NotFoundError);
  });

  it('is revoked only by a key that reaches at least as far: a scoped key cannot revoke a wider one (403)', () => {
    const scopedTo = (scopedOrganizations: string[] | null, scopedEnvironments: number[] | null): projects.PersonalApiKeyCreated => ({
      ...created,
      data: { ...created.data, scopedOrganizations, scopedEnvironments },
    });
    spec.given([created]).when(revoke('u1', { organizations: [ORG], environments: null })).thenThrows(PermissionDeniedError);
    spec.given([created]).when(revoke('u1', { organizations: null, environments: [7] })).thenThrows(PermissionDeniedError);
    spec.given([scopedTo([ORG], null)]).when(revoke('u1', { organizations: null, environments: [7] })).thenThrows(PermissionDeniedError);
    spec.given([scopedTo(null, [7, 8])]).when(revoke('u1', { organizations: null, environments: [7] })).thenThrows(PermissionDeniedError);
    spec.given([scopedTo([ORG], null)]).when(revoke('u1', { organizations: [ORG], environments: null })).then([revoked]);
    spec.given([scopedTo(null, [7])]).when(revoke('u1', { organizations: null, environments: [7, 8] })).then([revoked]);
    spec.given([scopedTo([ORG], [7])]).when(revoke('u1')).then([revoked]);
  });

  it('cannot be revoked twice or before it exists', () => {
    spec.given([created, revoked]).when(revoke('u1')).thenThrows(NotFoundError);
    spec.given([]).when(revoke('u1')).thenThrows(NotFoundError);
  });
});
