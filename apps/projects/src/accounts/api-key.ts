import type { Decider } from '@strata/eventstore';
import { ConflictError, NotFoundError, PermissionDeniedError, ValidationError, projects } from '@strata/contracts';
import { hashApiKey } from '@strata/service-kit';
import { reachCovers, type KeyReach } from '../access/access';

/** The personal API key aggregate, stream `personal-api-key-<uuid>`. It never holds the secret, only its hash. */
export type ApiKeyState =
  | { status: 'absent' }
  | ({ status: 'active' | 'revoked' } & projects.PersonalApiKeyCreated['data']);

/** `secret` is drawn by the handler, shown once in its reply, and hashed here. */
export type ApiKeyCommand =
  | {
      type: 'CreatePersonalApiKey';
      data: {
        keyId: string;
        userId: string;
        label: string;
        secret: string;
        scopedOrganizations?: string[] | null;
        scopedEnvironments?: number[] | null;
        createdAt: string;
      };
    }
  /** `actorReach`: the scopes of the key asking. A key may revoke only keys that reach no further than itself. */
  | { type: 'RevokePersonalApiKey'; data: { actorUserId: string; actorReach: KeyReach; revokedAt: string } };

type ApiKeyEvent = projects.PersonalApiKeyEvent;

export function decide(command: ApiKeyCommand, state: ApiKeyState): ApiKeyEvent[] {
  switch (command.type) {
    case 'CreatePersonalApiKey': {
      if (state.status !== 'absent') throw new ConflictError('The key already exists.');
      const { keyId, userId, label, secret, createdAt } = command.data;
      // The secret is drawn by the handler, not sent: no edge schema sees it, so its shape is checked here.
      if (!projects.isPersonalApiKey(secret)) {
        throw new ValidationError('A personal API key must be phx_ followed by 43 url-safe characters.', 'value');
      }
      const scopedOrganizations = scopes(command.data.scopedOrganizations);
      const scopedEnvironments = scopes(command.data.scopedEnvironments);
      const secretHash = hashApiKey(secret);
      const visiblePrefix = projects.visiblePrefixOf(secret);
      return [
        {
          type: 'PersonalApiKeyCreated',
          data: { keyId, userId, label, secretHash, visiblePrefix, scopedOrganizations, scopedEnvironments, createdAt },
        },
      ];
    }
    case 'RevokePersonalApiKey': {
      // Someone else's key, or a key already revoked, is as good as absent.
      if (state.status !== 'active' || state.userId !== command.data.actorUserId) throw new NotFoundError('Key not found.');
      const { keyId, userId, secretHash, scopedOrganizations: organizations, scopedEnvironments: environments } = state;
      if (!reachCovers(command.data.actorReach, { organizations, environments })) {
        throw new PermissionDeniedError('A key may revoke only keys that reach no further than itself; use a key with wider scopes.');
      }
      return [{ type: 'PersonalApiKeyRevoked', data: { keyId, userId, secretHash, revokedAt: command.data.revokedAt } }];
    }
    default: {
      const _exhaustive: never = command;
      return _exhaustive;
    }
  }
}

/** An empty or absent list means unrestricted; duplicates collapse. */
function scopes<T>(values: T[] | null | undefined): T[] | null {
  if (values === null || values === undefined || values.length === 0) return null;
  return [...new Set(values)];
}

export function evolve(state: ApiKeyState, event: ApiKeyEvent): ApiKeyState {
  switch (event.type) {
    case 'PersonalApiKeyCreated':
      return { status: 'active', ...event.data };
    case 'PersonalApiKeyRevoked':
      return state.status === 'absent' ? state : { ...state, status: 'revoked' };
    default: {
      const _exhaustive: never = event;
      return _exhaustive;
    }
  }
}

export function initialState(): ApiKeyState {
  return { status: 'absent' };
}

export const apiKeyDecider: Decider<ApiKeyState, ApiKeyCommand, ApiKeyEvent> = { decide, evolve, initialState };
