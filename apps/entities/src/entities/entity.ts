import { ConflictError, NotFoundError, entities } from '@strata/contracts';
import { isSeenFrom } from '@strata/rules';
import type { Decider } from '@strata/eventstore';

/**
 * One entity of any of the nine kinds, stream `entity-<uuid>`. It is seen from an environment of its project: its
 * own environment's, or every environment's once project-wide. What it references and who references it are the
 * graph's rules (`graph.ts`), decided against the project's graph version; this aggregate keeps the rules of one
 * entity: it exists, it is of the kind asked for, it is visible from where it is asked.
 */

export type ExistingEntity = entities.EntitySnapshot & { status: 'active' };
export type EntityState = { status: 'absent' } | { status: 'deleted'; id: string } | ExistingEntity;

/** Where a command comes from: the environment of the request, and the kind its route names. */
export interface Seen {
  kind: entities.EntityKind;
  projectId: number;
  environmentId: number;
}

export type EntityCommand =
  | { type: 'CreateEntity'; data: { entity: entities.EntitySnapshot } }
  | { type: 'UpdateEntity'; data: { from: Seen; fields: Record<string, unknown>; tags: string[]; references: entities.EntityReference[]; at: string; restoredFrom?: number } }
  | { type: 'MakeProjectWide'; data: { from: Seen; at: string } }
  | { type: 'MakeEnvironmentSpecific'; data: { from: Seen; at: string } }
  | { type: 'DeleteEntity'; data: { from: Seen; at: string } }
  | { type: 'MoveToProject'; data: { from: Seen; entity: entities.EntitySnapshot } };

type EntityEvent = entities.EntityEvent;

export function decide(command: EntityCommand, state: EntityState): EntityEvent[] {
  if (command.type === 'CreateEntity') {
    if (state.status !== 'absent') throw new ConflictError('The entity already exists.');
    return [{ type: 'EntityCreated', data: { entity: command.data.entity } }];
  }
  const entity = visibleFrom(state, command.data.from);
  const { id, kind, projectId } = entity;
  switch (command.type) {
    case 'UpdateEntity': {
      const { fields, tags, references, at, restoredFrom } = command.data;
      const updated = { ...snapshotOf(entity), fields, tags, references, updatedAt: at };
      return [{ type: 'EntityUpdated', data: restoredFrom === undefined ? { entity: updated } : { entity: updated, restoredFrom } }];
    }
    case 'MakeProjectWide':
      if (entity.environmentId === null) return [];
      return [{ type: 'EntityMadeProjectWide', data: { id, kind, projectId, fromEnvironmentId: entity.environmentId, at: command.data.at } }];
    case 'MakeEnvironmentSpecific': {
      const { environmentId } = command.data.from;
      if (entity.environmentId === environmentId) return [];
      return [{ type: 'EntityMadeEnvironmentSpecific', data: { id, kind, projectId, environmentId, at: command.data.at } }];
    }
    case 'DeleteEntity':
      return [{ type: 'EntityDeleted', data: { id, kind, projectId, environmentId: entity.environmentId, at: command.data.at } }];
    case 'MoveToProject':
      return [{ type: 'EntityMovedToProject', data: { entity: { ...command.data.entity, id, kind, createdAt: entity.createdAt }, fromProjectId: projectId } }];
    default: {
      const _exhaustive: never = command;
      return _exhaustive;
    }
  }
}

/** Another kind, another project, a sibling environment's own, or a deleted entity: all 404, alike. */
export function visibleFrom(state: EntityState, from: Seen): ExistingEntity {
  if (state.status !== 'active' || !isVisible(state, from)) throw new NotFoundError(`${labelOf(from.kind)} not found.`);
  return state;
}

export function isVisible(entity: Pick<entities.EntitySnapshot, 'kind' | 'projectId' | 'environmentId'>, from: Seen): boolean {
  return entity.kind === from.kind && isSeenFrom(entity, from.projectId, from.environmentId);
}

export function evolve(state: EntityState, event: EntityEvent): EntityState {
  switch (event.type) {
    case 'EntityCreated':
    case 'EntityUpdated':
    case 'EntityMovedToProject':
      return { ...event.data.entity, status: 'active' };
    case 'EntityMadeProjectWide':
      return state.status === 'active' ? { ...state, environmentId: null, updatedAt: event.data.at } : state;
    case 'EntityMadeEnvironmentSpecific':
      return state.status === 'active' ? { ...state, environmentId: event.data.environmentId, updatedAt: event.data.at } : state;
    case 'EntityDeleted':
      return { status: 'deleted', id: event.data.id };
    default: {
      const _exhaustive: never = event;
      return _exhaustive;
    }
  }
}

export function initialState(): EntityState {
  return { status: 'absent' };
}

export const entityDecider: Decider<EntityState, EntityCommand, EntityEvent> = { decide, evolve, initialState };

export function snapshotOf(entity: ExistingEntity): entities.EntitySnapshot {
  const { status: _status, ...snapshot } = entity;
  return snapshot;
}

export function labelOf(kind: entities.EntityKind): string {
  const words = kind.replace(/_/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** What an entity is called where a person or a match by name needs it: its `name`, or a flag's `key`. */
export function nameOf(kind: entities.EntityKind, fields: Record<string, unknown>): string {
  return String((kind === 'feature_flag' ? fields.key : fields.name) ?? '');
}
