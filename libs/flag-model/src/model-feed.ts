import { followed, type FollowedEvents } from '@strata/service-kit';
import type { FlagsModel } from './flags-model';

const PROJECTS_EVENTS = [
  'EnvironmentCreated',
  'EnvironmentMovedIn',
  'EnvironmentSettingsChanged',
  'EnvironmentRenamed',
  'EnvironmentTokenReset',
  'ServerKeyCreated',
  'ServerKeyRevoked',
  'EnvironmentDeleted',
  'EnvironmentMovedOut',
] as const;

const ENTITIES_EVENTS = [
  'EntityCreated',
  'EntityUpdated',
  'EntityMadeProjectWide',
  'EntityMadeEnvironmentSpecific',
  'EntityMovedToProject',
  'EntityDeleted',
  'FlagStateChanged',
  'FlagStateLeft',
  'ProjectRolloutGroupsChanged',
  'IdentityOverrideSet',
  'IdentityOverrideRemoved',
  'EnvironmentEntitiesRemoved',
  'ProjectEntitiesRemoved',
] as const;

/**
 * What feeds the model: the projects and entities streams, replayed after the snapshot at start (the service is ready
 * only once caught up), then followed live — a change reaches answers in milliseconds. Every instance reads
 * everything, so instances answer alike.
 */
export function flagsModelFollows(model: FlagsModel): FollowedEvents[] {
  return [
    followed({ from: 'projects', events: PROJECTS_EVENTS, handle: (event) => model.applyProjects(event) }),
    followed({ from: 'entities', events: ENTITIES_EVENTS, handle: (event) => model.applyEntities(event) }),
  ];
}
