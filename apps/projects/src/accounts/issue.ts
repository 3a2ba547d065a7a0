import type { projects } from '@strata/contracts';
import { uuidv7, type StreamAppend } from '@strata/eventstore';
import { now } from '../common/metadata';
import { newPersonalApiKey } from '../common/secrets';
import { apiKeyDecider } from '../domain/api-key';
import { userDecider } from '../domain/user';
import { apiKeyStream, userStream } from './streams';

/** What a multi-stream command appends for one new aggregate, and the body its reply shows. */
export interface Issued<Body> {
  append: StreamAppend<projects.ProjectsEvent>;
  body: Body;
}

/**
 * A new personal API key: the secret is drawn here from the CSPRNG, its hash goes into the event, and the secret
 * itself only into the one reply that shows it.
 */
export function issueApiKey(
  userId: string,
  label: string,
  scopes: { organizations: string[] | null; environments: number[] | null } = { organizations: null, environments: null },
): Issued<projects.PersonalApiKeyWithSecret> {
  const keyId = uuidv7();
  const secret = newPersonalApiKey();
  const data = { keyId, userId, label, secret, scopedOrganizations: scopes.organizations, scopedEnvironments: scopes.environments, createdAt: now() };
  const events = apiKeyDecider.decide({ type: 'CreatePersonalApiKey', data }, apiKeyDecider.initialState());
  const created = events[0] as projects.PersonalApiKeyCreated;
  const body: projects.PersonalApiKeyWithSecret = {
    id: keyId,
    label: created.data.label,
    visible_prefix: created.data.visiblePrefix,
    scoped_organizations: created.data.scopedOrganizations,
    scoped_environments: created.data.scopedEnvironments,
    created_at: created.data.createdAt,
    value: secret,
  };
  return { append: { streamId: apiKeyStream(keyId), expectedVersion: 'no_stream', events }, body };
}

export function issueUser(email: string, firstName?: string): Issued<projects.User> {
  const userId = uuidv7();
  const events = userDecider.decide({ type: 'CreateUser', data: { userId, email, firstName, createdAt: now() } }, userDecider.initialState());
  const { data } = events[0];
  const body: projects.User = { id: userId, email: data.email, first_name: data.firstName, created_at: data.createdAt };
  return { append: { streamId: userStream(userId), expectedVersion: 'no_stream', events }, body };
}

/** The label of the key a new user gets, so they can act at once. */
export const FIRST_KEY_LABEL = 'Personal API key';
