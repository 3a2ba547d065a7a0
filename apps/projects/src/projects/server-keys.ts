import { NotFoundError, ValidationError, projects } from '@strata/contracts';
import { hashApiKey } from '@strata/service-kit';

/**
 * Server-side SDK keys (SPEC §4.5) live in their environment's state, on the project stream: a key belongs to one
 * environment, moves with it, and is revoked when it goes. The environment holds only each key's sha256.
 */

/** Enough for one key per server and a rotation in flight; keeps the project stream's state small. */
export const MAX_SERVER_KEYS_PER_ENVIRONMENT = 50;

/** `secret` is drawn by the handler, shown once in its reply, and hashed here. */
export type CreateServerKey = {
  type: 'CreateServerKey';
  data: { environmentId: number; keyId: string; name: string; secret: string; createdAt: string };
};

export type RevokeServerKey = { type: 'RevokeServerKey'; data: { environmentId: number; keyId: string } };

export type ServerKeyCommand = CreateServerKey | RevokeServerKey;

export type ServerKeyEvent = projects.ServerKeyCreated | projects.ServerKeyRevoked;

interface KeyHolder {
  environmentId: number;
  projectId: number;
  serverKeys: readonly projects.ServerKeyRef[];
}

export function decideForServerKeys(command: ServerKeyCommand, environment: KeyHolder): ServerKeyEvent[] {
  const { environmentId, projectId, serverKeys } = environment;
  switch (command.type) {
    case 'CreateServerKey': {
      const { keyId, name, secret, createdAt } = command.data;
      // The secret is drawn by the handler, not sent: no edge schema sees it, so its shape is checked here.
      if (!projects.isServerKey(secret)) throw new ValidationError('A server key must be ser. followed by 43 url-safe characters.', 'key');
      if (serverKeys.length >= MAX_SERVER_KEYS_PER_ENVIRONMENT) {
        throw new ValidationError(`An environment has at most ${MAX_SERVER_KEYS_PER_ENVIRONMENT} server keys; revoke one first.`, null, 'too_many_keys');
      }
      const secretHash = hashApiKey(secret);
      const visiblePrefix = projects.visiblePrefixOf(secret);
      return [{ type: 'ServerKeyCreated', data: { environmentId, projectId, keyId, name, secretHash, visiblePrefix, createdAt } }];
    }
    case 'RevokeServerKey': {
      // A key of another environment, or one already revoked, is as good as absent.
      const key = serverKeys.find((candidate) => candidate.keyId === command.data.keyId);
      if (key === undefined) throw new NotFoundError('Server key not found.');
      return [serverKeyRevoked(environment, key)];
    }
    default: {
      const _exhaustive: never = command;
      return _exhaustive;
    }
  }
}

/** What deleting an environment says first: every key it held stops answering. */
export function revokeAllServerKeys(environment: KeyHolder): projects.ServerKeyRevoked[] {
  return environment.serverKeys.map((key) => serverKeyRevoked(environment, key));
}

function serverKeyRevoked({ environmentId, projectId }: KeyHolder, { keyId, secretHash }: projects.ServerKeyRef): projects.ServerKeyRevoked {
  return { type: 'ServerKeyRevoked', data: { environmentId, projectId, keyId, secretHash } };
}

/** Key events leave the environment's `version` alone: its body and `ETag` do not show keys. */
export function evolveServerKeys<E extends KeyHolder>(environment: E, event: ServerKeyEvent): E {
  switch (event.type) {
    case 'ServerKeyCreated': {
      const { keyId, name, secretHash, visiblePrefix, createdAt } = event.data;
      return { ...environment, serverKeys: [...environment.serverKeys, { keyId, name, secretHash, visiblePrefix, createdAt }] };
    }
    case 'ServerKeyRevoked':
      return { ...environment, serverKeys: environment.serverKeys.filter((key) => key.keyId !== event.data.keyId) };
    default: {
      const _exhaustive: never = event;
      return _exhaustive;
    }
  }
}
