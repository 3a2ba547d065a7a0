import type { Decider } from '@strata/eventstore';
import { ConflictError, NotFoundError, PermissionDeniedError, ValidationError, projects } from '@strata/contracts';

const { Levels } = projects;
type Level = projects.OrganizationLevel;

/** The organization aggregate, stream `organization-<uuid>`: its name and who belongs to it at which level. */
export type OrganizationState =
  | { status: 'absent' }
  | { status: 'active'; organizationId: string; name: string; createdAt: string; members: Record<string, Level> };

type ActiveOrganization = Extract<OrganizationState, { status: 'active' }>;

/** `actorUserId`: who asks. Their level comes from this aggregate, so a rule and the data it reads share one version. */
export type OrganizationCommand =
  | { type: 'CreateOrganization'; data: { organizationId: string; name: string; ownerUserId: string; createdAt: string } }
  | { type: 'RenameOrganization'; data: { name: string; actorUserId: string } }
  | { type: 'AddMember'; data: { userId: string; level: Level; actorUserId: string; joinedAt: string } }
  | { type: 'ChangeMemberLevel'; data: { userId: string; level: Level; actorUserId: string } }
  | { type: 'RemoveMember'; data: { userId: string; actorUserId: string } };

type OrganizationEvent = projects.OrganizationEvent;

export function decide(command: OrganizationCommand, state: OrganizationState): OrganizationEvent[] {
  if (command.type === 'CreateOrganization') return create(command.data, state);
  const organization = existing(state);
  const actorLevel = levelOf(organization, command.data.actorUserId);
  switch (command.type) {
    case 'RenameOrganization': {
      requireAtLeast(actorLevel, Levels.admin);
      const { name } = command.data;
      return name === organization.name ? [] : [{ type: 'OrganizationRenamed', data: { organizationId: organization.organizationId, name } }];
    }
    case 'AddMember':
      return addMember(organization, actorLevel, command.data);
    case 'ChangeMemberLevel':
      return changeMemberLevel(organization, actorLevel, command.data);
    case 'RemoveMember':
      return removeMember(organization, actorLevel, command.data);
    default: {
      const _exhaustive: never = command;
      return _exhaustive;
    }
  }
}

type DataOf<Type extends OrganizationCommand['type']> = Extract<OrganizationCommand, { type: Type }>['data'];

function create(data: DataOf<'CreateOrganization'>, state: OrganizationState): OrganizationEvent[] {
  if (state.status !== 'absent') throw new ConflictError('The organization already exists.');
  const { organizationId, name, ownerUserId, createdAt } = data;
  return [
    { type: 'OrganizationCreated', data: { organizationId, name, createdBy: ownerUserId, createdAt } },
    { type: 'MemberAdded', data: { organizationId, userId: ownerUserId, level: Levels.owner, joinedAt: createdAt } },
  ];
}

function addMember(organization: ActiveOrganization, actorLevel: Level, { userId, level, joinedAt }: DataOf<'AddMember'>): OrganizationEvent[] {
  requireAtLeast(actorLevel, Levels.admin);
  if (level > actorLevel) throw new PermissionDeniedError('You cannot give a level above your own.');
  if (organization.members[userId] !== undefined) {
    throw new ConflictError('This user is already a member of the organization.', 'already_member', 'email');
  }
  return [{ type: 'MemberAdded', data: { organizationId: organization.organizationId, userId, level, joinedAt } }];
}

function changeMemberLevel(organization: ActiveOrganization, actorLevel: Level, { userId, level }: DataOf<'ChangeMemberLevel'>): OrganizationEvent[] {
  requireAtLeast(actorLevel, Levels.admin);
  const previousLevel = memberLevel(organization, userId);
  if (level > actorLevel || previousLevel > actorLevel) {
    throw new PermissionDeniedError('You cannot change a level above your own.');
  }
  if (level === previousLevel) return [];
  if (previousLevel === Levels.owner) assertNotLastOwner(organization, 'demoted');
  return [{ type: 'MemberLevelChanged', data: { organizationId: organization.organizationId, userId, previousLevel, level } }];
}

/** Anyone may leave; removing someone else takes an admin at least at their level. */
function removeMember(organization: ActiveOrganization, actorLevel: Level, { userId, actorUserId }: DataOf<'RemoveMember'>): OrganizationEvent[] {
  const level = memberLevel(organization, userId);
  if (userId !== actorUserId) {
    requireAtLeast(actorLevel, Levels.admin);
    if (level > actorLevel) throw new PermissionDeniedError('You cannot remove a member above your own level.');
  }
  if (level === Levels.owner) assertNotLastOwner(organization, 'removed');
  return [{ type: 'MemberRemoved', data: { organizationId: organization.organizationId, userId, removedBy: actorUserId } }];
}

function existing(state: OrganizationState): ActiveOrganization {
  if (state.status === 'absent') throw new NotFoundError('Organization not found.');
  return state;
}

/** Someone outside the organization must not learn it exists: 404, not 403. */
function levelOf(organization: ActiveOrganization, userId: string): Level {
  const level = organization.members[userId];
  if (level === undefined) throw new NotFoundError('Organization not found.');
  return level;
}

function memberLevel(organization: ActiveOrganization, userId: string): Level {
  const level = organization.members[userId];
  if (level === undefined) throw new NotFoundError('Member not found.');
  return level;
}

function requireAtLeast(actual: Level, required: Level): void {
  if (actual < required) throw new PermissionDeniedError('Your organization level is insufficient for this action.');
}

function assertNotLastOwner(organization: ActiveOrganization, what: 'demoted' | 'removed'): void {
  const owners = Object.values(organization.members).filter((level) => level === Levels.owner).length;
  if (owners <= 1) {
    throw new ValidationError(`The last owner of an organization cannot be ${what}.`, 'level', 'last_owner');
  }
}

export function evolve(state: OrganizationState, event: OrganizationEvent): OrganizationState {
  if (event.type === 'OrganizationCreated') {
    const { organizationId, name, createdAt } = event.data;
    return { status: 'active', organizationId, name, createdAt, members: {} };
  }
  if (state.status === 'absent') return state;
  switch (event.type) {
    case 'OrganizationRenamed':
      return { ...state, name: event.data.name };
    case 'MemberAdded':
    case 'MemberLevelChanged':
      return { ...state, members: { ...state.members, [event.data.userId]: event.data.level } };
    case 'MemberRemoved': {
      const { [event.data.userId]: _removed, ...members } = state.members;
      return { ...state, members };
    }
    default: {
      const _exhaustive: never = event;
      return _exhaustive;
    }
  }
}

export function initialState(): OrganizationState {
  return { status: 'absent' };
}

export const organizationDecider: Decider<OrganizationState, OrganizationCommand, OrganizationEvent> = {
  decide,
  evolve,
  initialState,
};
