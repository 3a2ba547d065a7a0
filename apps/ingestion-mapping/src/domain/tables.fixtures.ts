import type { projects, taxonomy } from '@strata/contracts';
import type { EventOrigin, TableEvent } from './tables';

export const AT = '2025-01-01T00:00:00.000Z';
export const token = (seed: string) => `phc_${seed.repeat(43).slice(0, 43)}`;

const snapshot = (environmentId: number, projectId: number, apiToken: string): projects.EnvironmentSnapshot => ({
  environmentId,
  uuid: `env-${environmentId}`,
  projectId,
  organizationId: 'org-1',
  name: `env ${environmentId}`,
  apiToken,
  accessControl: false,
  settings: {} as projects.EnvironmentSettings,
  grants: {},
  createdAt: AT,
});

export const environmentCreated = (environmentId: number, projectId: number, apiToken: string): projects.EnvironmentCreated => ({
  type: 'EnvironmentCreated',
  data: snapshot(environmentId, projectId, apiToken),
});

export const tokenReset = (environmentId: number, projectId: number, previousToken: string, apiToken: string): projects.EnvironmentTokenReset => ({
  type: 'EnvironmentTokenReset',
  data: { environmentId, projectId, apiToken, previousToken, resetAt: AT },
});

export const environmentDeleted = (environmentId: number, projectId: number, apiToken: string): projects.EnvironmentDeleted => ({
  type: 'EnvironmentDeleted',
  data: { environmentId, projectId, apiToken, deletedAt: AT },
});

export const movedOut = (environmentId: number, projectId: number, toProjectId: number, apiToken: string): projects.EnvironmentMovedOut => ({
  type: 'EnvironmentMovedOut',
  data: { environmentId, projectId, toProjectId, environment: snapshot(environmentId, projectId, apiToken), movedAt: AT },
});

export const movedIn = (environmentId: number, projectId: number, fromProjectId: number, apiToken: string): projects.EnvironmentMovedIn => ({
  type: 'EnvironmentMovedIn',
  data: { environmentId, projectId, fromProjectId, environment: snapshot(environmentId, projectId, apiToken), movedAt: AT },
});

export const projectDeleted = (projectId: number, environments: [number, string][]): projects.ProjectDeleted => ({
  type: 'ProjectDeleted',
  data: { projectId, organizationId: 'org-1', environments: environments.map(([environmentId, apiToken]) => ({ environmentId, apiToken })), deletedAt: AT },
});

export const groupTypeRegistered = (projectId: number, groupType: string, index: number): taxonomy.GroupTypeRegistered => ({
  type: 'GroupTypeRegistered',
  data: { projectId, groupType, index, registeredAt: AT },
});

export const taxonomyRemoved = (projectId: number): taxonomy.ProjectTaxonomyRemoved => ({
  type: 'ProjectTaxonomyRemoved',
  data: { projectId, removedAt: AT },
});

/** A log of events with the origins a JetStream consumer would read: positions counted per stream. */
export function log(events: readonly TableEvent[]): { event: TableEvent; origin: EventOrigin }[] {
  const positions = new Map<string, number>();
  return events.map((event) => {
    const service = event.type.startsWith('Environment') || (event.type.startsWith('Project') && event.type !== 'ProjectTaxonomyRemoved') ? 'projects' : 'taxonomy';
    const streamId = `${service === 'projects' ? 'project' : 'taxonomy'}-${streamProjectOf(event)}`;
    const streamPosition = (positions.get(streamId) ?? 0) + 1;
    positions.set(streamId, streamPosition);
    return { event, origin: { service, streamId, streamPosition } };
  });
}

function streamProjectOf(event: TableEvent): number {
  // A move's "out" half lives on the source project's stream, its "in" half on the target's.
  return (event.data as { projectId: number }).projectId;
}
