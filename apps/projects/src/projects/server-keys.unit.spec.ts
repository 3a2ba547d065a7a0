import { NotFoundError, ValidationError, projects } from '@strata/contracts';
import { DeciderSpec, fold } from '@strata/testing';
import { projectDecider, type ProjectState } from './project';
import { AT, ORG, environmentCreated, projectCreated, projectWithTwoEnvironments, snapshot, token } from './project.fixtures';
import { MAX_SERVER_KEYS_PER_ENVIRONMENT } from './server-keys';
import { hashApiKey } from '@strata/service-kit';

const spec = DeciderSpec.for(projectDecider);
const KEY_ID = '0190c6d2-0000-7000-8000-00000000000a';
const secret = (seed: string) => `ser.${seed.repeat(43).slice(0, 43)}`;
const create = (environmentId = 8, keyId = KEY_ID, seed = 's') =>
  ({ type: 'CreateServerKey', data: { environmentId, keyId, name: 'backend', secret: secret(seed), createdAt: AT } }) as const;
const keyOf = (keyId = KEY_ID, seed = 's'): projects.ServerKeyRef => ({
  keyId,
  name: 'backend',
  secretHash: hashApiKey(secret(seed)),
  visiblePrefix: `ser.${seed.repeat(4)}`,
  createdAt: AT,
});
const created = (environmentId = 8, keyId = KEY_ID, seed = 's'): projects.ServerKeyCreated => ({
  type: 'ServerKeyCreated',
  data: { environmentId, projectId: 7, ...keyOf(keyId, seed) },
});
const revoked = (environmentId = 8, keyId = KEY_ID, seed = 's'): projects.ServerKeyRevoked => ({
  type: 'ServerKeyRevoked',
  data: { environmentId, projectId: 7, keyId, secretHash: hashApiKey(secret(seed)) },
});

describe('server keys', () => {
  describe('creation', () => {
    it('records the key’s hash and visible prefix, never the secret', () => {
      spec.given(projectWithTwoEnvironments()).when(create()).then([created()]);
    });

    it.each([['phc_' + 'a'.repeat(43)], ['ser.short'], ['ser_' + 'a'.repeat(43)]])('refuses a malformed secret %s', (malformed) => {
      spec.given(projectWithTwoEnvironments()).when({ type: 'CreateServerKey', data: { ...create().data, secret: malformed } }).thenThrows(ValidationError);
    });

    it('answers 404 for an environment the project does not hold', () => {
      spec.given(projectWithTwoEnvironments()).when(create(99)).thenThrows(NotFoundError);
    });

    it(`keeps at most ${MAX_SERVER_KEYS_PER_ENVIRONMENT} keys per environment`, () => {
      const keys = Array.from({ length: MAX_SERVER_KEYS_PER_ENVIRONMENT }, (_, n) => created(8, `key-${n}`));
      spec.given([...projectWithTwoEnvironments(), ...keys]).when(create(8, 'one-more')).thenThrows(ValidationError, /at most/);
    });

    it('leaves the environment’s version (its ETag) alone', () => {
      const state: ProjectState = fold(projectDecider, [...projectWithTwoEnvironments(), created()]);
      expect(state.status === 'absent' ? null : state.environments[1]).toMatchObject({ version: 1, serverKeys: [keyOf()] });
    });
  });

  describe('revocation', () => {
    it('revokes a key of the environment, naming its hash', () => {
      spec.given([...projectWithTwoEnvironments(), created()]).when({ type: 'RevokeServerKey', data: { environmentId: 8, keyId: KEY_ID } }).then([revoked()]);
    });

    it('answers 404 for a key of another environment', () => {
      spec.given([...projectWithTwoEnvironments(), created()]).when({ type: 'RevokeServerKey', data: { environmentId: 7, keyId: KEY_ID } }).thenThrows(NotFoundError);
    });

    it('answers 404 for a key already revoked', () => {
      spec
        .given([...projectWithTwoEnvironments(), created(), revoked()])
        .when({ type: 'RevokeServerKey', data: { environmentId: 8, keyId: KEY_ID } })
        .thenThrows(NotFoundError);
    });
  });

  describe('the environment going', () => {
    it('revokes every key of a deleted environment before its deletion', () => {
      spec.given([...projectWithTwoEnvironments(), created(), created(8, 'k2', 't'), created(7, 'k3', 'u')]).when({ type: 'DeleteEnvironment', data: { environmentId: 8, deletedAt: AT } }).then([
        revoked(8, KEY_ID),
        revoked(8, 'k2', 't'),
        { type: 'EnvironmentDeleted', data: { environmentId: 8, projectId: 7, apiToken: token('b'), deletedAt: AT } },
      ]);
    });

    it('revokes every key of every environment when the project’s deletion completes', () => {
      const pending: projects.ProjectDeletionRequested = {
        type: 'ProjectDeletionRequested',
        data: { projectId: 7, organizationId: ORG, environmentIds: [7, 8], requestedAt: AT },
      };
      spec.given([...projectWithTwoEnvironments(), created(7, 'k1', 'u'), created(8), pending]).when({ type: 'CompleteProjectDeletion', data: { deletedAt: AT } }).then([
        revoked(7, 'k1', 'u'),
        revoked(8),
        {
          type: 'ProjectDeleted',
          data: { projectId: 7, organizationId: ORG, environments: [{ environmentId: 7, apiToken: token('a') }, { environmentId: 8, apiToken: token('b') }], deletedAt: AT },
        },
      ]);
    });

    it('carries its keys when it moves, and the target project holds them', () => {
      const staging = snapshot({ environmentId: 8, uuid: 'env-uuid-8', name: 'Staging', apiToken: token('b'), serverKeys: [keyOf()] });
      spec.given([...projectWithTwoEnvironments(), created()]).when({ type: 'MoveEnvironmentOut', data: { environmentId: 8, toProjectId: 20, movedAt: AT } }).then([
        { type: 'EnvironmentMovedOut', data: { environmentId: 8, projectId: 7, toProjectId: 20, environment: staging, movedAt: AT } },
      ]);
      const target = [projectCreated(20, 'Target'), environmentCreated({ environmentId: 20, projectId: 20, apiToken: token('t') })];
      const moved = { type: 'EnvironmentMovedIn', data: { environmentId: 8, projectId: 20, fromProjectId: 7, environment: { ...staging, projectId: 20 }, movedAt: AT } } as const;
      spec.given([...target, moved]).when({ type: 'RevokeServerKey', data: { environmentId: 8, keyId: KEY_ID } }).then([
        { type: 'ServerKeyRevoked', data: { environmentId: 8, projectId: 20, keyId: KEY_ID, secretHash: hashApiKey(secret('s')) } },
      ]);
    });
  });
});
