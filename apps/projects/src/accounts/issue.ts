import { NotFoundError, type projects } from '@strata/contracts';
import { onNewStream, uuidv7, type StreamCommand } from '@strata/eventstore';
import { now } from '../common/clock';
import { newPersonalApiKey } from '../common/secrets';
import { apiKeyDecider, type ApiKeyState } from './api-key';
import { userDecider, type UserState } from './user';
import { apiKeyStream, userStream } from './streams';

/**
 * A new personal API key, as a command on its own stream: the secret is drawn here from the CSPRNG, its hash goes
 * into the event, and the secret itself only into the one reply that shows it (`apiKeyBody`).
 */
export function issueApiKey(
  userId: string,
  label: string,
  scopes: { organizations: string[] | null; environments: number[] | null } = { organizations: null, environments: null },
): { command: StreamCommand<ApiKeyState, projects.PersonalApiKeyEvent>; secret: string } {
  const keyId = uuidv7();
  const secret = newPersonalApiKey();
  const data = { keyId, userId, label, secret, scopedOrganizations: scopes.organizations, scopedEnvironments: scopes.environments, createdAt: now() };
  return { command: onNewStream(apiKeyDecider, apiKeyStream(keyId), { type: 'CreatePersonalApiKey', data }), secret };
}

export function apiKeyBody(state: ApiKeyState, secret: string): projects.PersonalApiKeyWithSecret {
  if (state.status === 'absent') throw new NotFoundError('Personal API key not found.');
  return {
    id: state.keyId,
    label: state.label,
    visible_prefix: state.visiblePrefix,
    scoped_organizations: state.scopedOrganizations,
    scoped_environments: state.scopedEnvironments,
    created_at: state.createdAt,
    value: secret,
  };
}

export function issueUser(email: string, firstName?: string): { command: StreamCommand<UserState, projects.UserEvent>; userId: string } {
  const userId = uuidv7();
  return { command: onNewStream(userDecider, userStream(userId), { type: 'CreateUser', data: { userId, email, firstName, createdAt: now() } }), userId };
}

export function userBody(state: UserState): projects.User {
  if (state.status === 'absent') throw new NotFoundError('User not found.');
  return { id: state.userId, email: state.email, first_name: state.firstName, created_at: state.createdAt };
}

/** The label of the key a new user gets, so they can act at once. */
export const FIRST_KEY_LABEL = 'Personal API key';
