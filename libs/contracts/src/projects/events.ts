import type { OrganizationEvent, PersonalApiKeyEvent, UserEvent } from './account-events';
import type { AdoptionEvent } from './adoption';
import type { ProjectEvent } from './project-events';

/** Every event the projects service publishes on `events.projects.<type>`. */
export type ProjectsEvent = OrganizationEvent | UserEvent | PersonalApiKeyEvent | ProjectEvent | AdoptionEvent;

export type ProjectsEventType = ProjectsEvent['type'];

/** The events of the project aggregate (a project and the environments in its stream). */
export const PROJECT_EVENT_TYPES = [
  'ProjectCreated',
  'ProjectRenamed',
  'ProjectDeletionRequested',
  'ProjectDeleted',
  'EnvironmentCreated',
  'EnvironmentRenamed',
  'EnvironmentSettingsChanged',
  'EnvironmentTokenReset',
  'EnvironmentAccessControlToggled',
  'EnvironmentAccessGranted',
  'EnvironmentAccessRevoked',
  'ServerKeyCreated',
  'ServerKeyRevoked',
  'EnvironmentDeleted',
  'EnvironmentMovedOut',
  'EnvironmentMovedIn',
] as const satisfies readonly ProjectEvent['type'][];

export const PROJECTS_EVENT_TYPES = [
  'OrganizationCreated',
  'OrganizationRenamed',
  'MemberAdded',
  'MemberLevelChanged',
  'MemberRemoved',
  'UserCreated',
  'PersonalApiKeyCreated',
  'PersonalApiKeyRevoked',
  ...PROJECT_EVENT_TYPES,
  'EnvironmentAdoptionStarted',
  'EnvironmentAdoptionStepDone',
  'EnvironmentAdoptionCompleted',
  'EnvironmentAdoptionFailed',
] as const satisfies readonly ProjectsEventType[];

// Fail to compile when an event type is added to a union but not to its list above.
type MissingProjectEvent = Exclude<ProjectEvent['type'], (typeof PROJECT_EVENT_TYPES)[number]>;
const _everyProjectEventListed: [MissingProjectEvent] extends [never] ? true : MissingProjectEvent = true;
void _everyProjectEventListed;
type Missing = Exclude<ProjectsEventType, (typeof PROJECTS_EVENT_TYPES)[number]>;
const _everyTypeListed: [Missing] extends [never] ? true : Missing = true;
void _everyTypeListed;

export function isProjectsEventType(type: string): type is ProjectsEventType {
  return (PROJECTS_EVENT_TYPES as readonly string[]).includes(type);
}
