/** Stream ids of the entities service (`libs/contracts/src/entities/events.ts` says what each holds). */
export const entityStream = (id: string): string => `entity-${id}`;
export const graphStream = (projectId: number): string => `entity-graph-${projectId}`;
export const flagStateStream = (flagId: string, environmentId: number): string => `flag-state-${flagId}-${environmentId}`;
export const projectRolloutStream = (flagId: string): string => `flag-rollout-${flagId}`;
export const tagStream = (id: string): string => `tag-${id}`;
export const environmentStream = (environmentId: number): string => `entities-environment-${environmentId}`;
export const projectStream = (projectId: number): string => `entities-project-${projectId}`;
