import { ConflictError, NotFoundError, type entities } from '@strata/contracts';
import type { Decider } from '@strata/eventstore';

/** A project tag (SPEC §4.4), stream `tag-<uuid>`. Labels are unique per project, case-insensitively (read model). */
export type TagState = { status: 'absent' } | { status: 'deleted' } | (entities.TagSnapshot & { status: 'active' });

export type TagCommand =
  | { type: 'CreateTag'; data: { tag: entities.TagSnapshot } }
  | { type: 'UpdateTag'; data: { projectId: number; changes: Partial<Pick<entities.TagSnapshot, 'label' | 'color' | 'description' | 'isPermanent'>> } }
  | { type: 'DeleteTag'; data: { projectId: number } };

export function decide(command: TagCommand, state: TagState): entities.TagEvent[] {
  if (command.type === 'CreateTag') {
    if (state.status !== 'absent') throw new ConflictError('The tag already exists.');
    return [{ type: 'TagCreated', data: { tag: command.data.tag } }];
  }
  if (state.status !== 'active' || state.projectId !== command.data.projectId) throw new NotFoundError('Tag not found.');
  const { status: _status, ...tag } = state;
  switch (command.type) {
    case 'UpdateTag':
      return [{ type: 'TagUpdated', data: { tag: { ...tag, ...command.data.changes } } }];
    case 'DeleteTag':
      return [{ type: 'TagDeleted', data: { id: tag.id, projectId: tag.projectId } }];
    default: {
      const _exhaustive: never = command;
      return _exhaustive;
    }
  }
}

export function evolve(_state: TagState, event: entities.TagEvent): TagState {
  switch (event.type) {
    case 'TagCreated':
    case 'TagUpdated':
      return { ...event.data.tag, status: 'active' };
    case 'TagDeleted':
      return { status: 'deleted' };
    default: {
      const _exhaustive: never = event;
      return _exhaustive;
    }
  }
}

export const tagDecider: Decider<TagState, TagCommand, entities.TagEvent> = { decide, evolve, initialState: () => ({ status: 'absent' }) };

export function tagBody(state: TagState): entities.Tag {
  if (state.status !== 'active') throw new NotFoundError('Tag not found.');
  return { id: state.id, project_id: state.projectId, label: state.label, color: state.color, description: state.description, is_permanent: state.isPermanent, created_at: state.createdAt };
}
