import { createHash } from 'node:crypto';

/** Stream ids of the entities service (`libs/contracts/src/entities/events.ts` says what each holds). */
export const entityStream = (id: string): string => `entity-${id}`;
export const graphStream = (projectId: number): string => `entity-graph-${projectId}`;
export const flagStateStream = (flagId: string, environmentId: number): string => `flag-state-${flagId}-${environmentId}`;
export const projectRolloutStream = (flagId: string): string => `flag-rollout-${flagId}`;
export const tagStream = (id: string): string => `tag-${id}`;
export const environmentStream = (environmentId: number): string => `entities-environment-${environmentId}`;
export const projectStream = (projectId: number): string => `entities-project-${projectId}`;
/** An identifier may be 1,000 characters of any script: hashed, so the stream id stays within an index entry. */
export const identityOverrideStream = (flagId: string, environmentId: number, identifier: string): string =>
  `flag-identity-${flagId}-${environmentId}-${createHash('sha256').update(identifier).digest('hex')}`;
