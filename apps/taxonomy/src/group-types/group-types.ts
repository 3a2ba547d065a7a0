import { ConflictError, NotFoundError, taxonomy } from '@strata/contracts';
import type { Decider } from '@strata/eventstore';

/**
 * A project's group-type registry, stream `taxonomy-<projectId>`. At most `MAX_GROUP_TYPES` types, indexes 0–4,
 * unique by type and by index. Concurrency is the handler's: it appends with the version it decided on and, on a
 * conflict, reloads and decides again — on the new state an already-registered type decides nothing and keeps its
 * index, so every retry converges.
 */
export interface GroupTypeMapping {
  groupType: string;
  index: number;
  nameSingular: string | null;
  namePlural: string | null;
}

export interface GroupTypeRegistry {
  status: 'active' | 'removed';
  /** Sorted by index. */
  groupTypes: GroupTypeMapping[];
}

export type GroupTypeCommand =
  /** Registers the types not yet known, in the order given, while indexes are free; the rest are dropped. */
  | { type: 'RegisterGroupTypes'; data: { projectId: number; groupTypes: string[]; registeredAt: string } }
  | {
      type: 'RenameGroupType';
      data: { projectId: number; index: number; nameSingular?: string | null; namePlural?: string | null };
    }
  /** Another project's types, at the indexes an adoption plan gave them, with their labels (SPEC §7). */
  | { type: 'AdoptGroupTypes'; data: { projectId: number; groupTypes: GroupTypeMapping[]; adoptedAt: string } }
  | { type: 'RemoveProjectTaxonomy'; data: { projectId: number; removedAt: string } };

type GroupTypeEvent = taxonomy.GroupTypeEvent;

function initialState(): GroupTypeRegistry {
  return { status: 'active', groupTypes: [] };
}

function decide(command: GroupTypeCommand, state: GroupTypeRegistry): GroupTypeEvent[] {
  switch (command.type) {
    case 'RegisterGroupTypes':
      return decideRegistration(command.data, activeRegistry(state));
    case 'RenameGroupType':
      return decideRename(command.data, activeRegistry(state));
    case 'AdoptGroupTypes':
      return decideAdoption(command.data, activeRegistry(state));
    case 'RemoveProjectTaxonomy': {
      if (state.status === 'removed') return [];
      return [{ type: 'ProjectTaxonomyRemoved', data: command.data }];
    }
    default: {
      const _exhaustive: never = command;
      return _exhaustive;
    }
  }
}

function evolve(state: GroupTypeRegistry, event: GroupTypeEvent): GroupTypeRegistry {
  switch (event.type) {
    case 'GroupTypeRegistered': {
      const { groupType, index } = event.data;
      const registered = { groupType, index, nameSingular: null, namePlural: null };
      return { ...state, groupTypes: [...state.groupTypes, registered].sort((a, b) => a.index - b.index) };
    }
    case 'GroupTypeRenamed': {
      const { index, nameSingular, namePlural } = event.data;
      const groupTypes = state.groupTypes.map((mapping) => (mapping.index === index ? { ...mapping, nameSingular, namePlural } : mapping));
      return { ...state, groupTypes };
    }
    case 'ProjectTaxonomyRemoved':
      return { status: 'removed', groupTypes: [] };
    default: {
      const _exhaustive: never = event;
      return _exhaustive;
    }
  }
}

export const groupTypeDecider: Decider<GroupTypeRegistry, GroupTypeCommand, GroupTypeEvent> = { decide, evolve, initialState };

/** The answer to `taxonomy.groupTypes.resolve`, read from the registry after the registration was appended. */
export function resolution(state: GroupTypeRegistry, asked: readonly string[]): taxonomy.ResolveGroupTypesResponse {
  const mapping: Record<string, number> = {};
  const dropped: string[] = [];
  for (const groupType of new Set(asked)) {
    const found = state.groupTypes.find((mapping) => mapping.groupType === groupType);
    if (found === undefined) dropped.push(groupType);
    else mapping[groupType] = found.index;
  }
  return { mapping, dropped };
}

/** The body of SPEC §4.3. */
export function groupTypeBody(mapping: GroupTypeMapping): taxonomy.GroupType {
  return {
    group_type: mapping.groupType,
    group_type_index: mapping.index,
    name_singular: mapping.nameSingular,
    name_plural: mapping.namePlural,
  };
}

function decideRegistration(
  command: { projectId: number; groupTypes: string[]; registeredAt: string },
  state: GroupTypeRegistry,
): GroupTypeEvent[] {
  const { projectId, registeredAt } = command;
  const known = new Set(state.groupTypes.map((mapping) => mapping.groupType));
  const taken = new Set(state.groupTypes.map((mapping) => mapping.index));
  const events: GroupTypeEvent[] = [];
  for (const groupType of command.groupTypes) {
    if (known.has(groupType)) continue;
    const index = nextFreeIndex(taken);
    if (index === null) continue;
    known.add(groupType);
    taken.add(index);
    events.push({ type: 'GroupTypeRegistered', data: { projectId, groupType, index, registeredAt } });
  }
  return events;
}

function nextFreeIndex(taken: ReadonlySet<number>): number | null {
  for (let index = 0; index < taxonomy.MAX_GROUP_TYPES; index++) if (!taken.has(index)) return index;
  return null;
}

/**
 * A type already registered keeps its index (adopting again decides nothing); a new one is registered at its planned
 * index, labels and all. The plan was made on this very state, so an index found taken means the registry moved on:
 * refused rather than placed elsewhere behind the plan's back.
 */
function decideAdoption(command: { projectId: number; groupTypes: GroupTypeMapping[]; adoptedAt: string }, state: GroupTypeRegistry): GroupTypeEvent[] {
  const { projectId, adoptedAt } = command;
  const events: GroupTypeEvent[] = [];
  let registry = state;
  for (const { groupType, index, nameSingular, namePlural } of command.groupTypes) {
    if (registry.groupTypes.some((mapping) => mapping.groupType === groupType)) continue;
    if (index >= taxonomy.MAX_GROUP_TYPES || registry.groupTypes.some((mapping) => mapping.index === index)) {
      throw new ConflictError(`Group type index ${index} is not free for "${groupType}".`, 'group_type_index_taken');
    }
    const adopted: GroupTypeEvent[] = [{ type: 'GroupTypeRegistered', data: { projectId, groupType, index, registeredAt: adoptedAt } }];
    if (nameSingular !== null || namePlural !== null) adopted.push({ type: 'GroupTypeRenamed', data: { projectId, index, groupType, nameSingular, namePlural } });
    events.push(...adopted);
    registry = adopted.reduce(evolve, registry);
  }
  return events;
}

function decideRename(
  command: { projectId: number; index: number; nameSingular?: string | null; namePlural?: string | null },
  state: GroupTypeRegistry,
): GroupTypeEvent[] {
  const mapping = state.groupTypes.find((candidate) => candidate.index === command.index);
  if (mapping === undefined) throw new NotFoundError('Group type not found.');
  // Labels come trimmed, with blank already read as null (`groupTypeLabelSchema`).
  const { nameSingular = mapping.nameSingular, namePlural = mapping.namePlural } = command;
  if (nameSingular === mapping.nameSingular && namePlural === mapping.namePlural) return [];
  const { projectId, index } = command;
  return [{ type: 'GroupTypeRenamed', data: { projectId, index, groupType: mapping.groupType, nameSingular, namePlural } }];
}

function activeRegistry(state: GroupTypeRegistry): GroupTypeRegistry {
  if (state.status === 'removed') throw new NotFoundError('Project not found.');
  return state;
}
