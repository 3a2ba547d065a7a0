import type { Decider } from '@strata/eventstore';
import { ConflictError, projects } from '@strata/contracts';

/**
 * The user aggregate, stream `user-<uuid>`. Unique emails (case-insensitive) are a read-model check in the handler:
 * they span users.
 */
export type UserState =
  | { status: 'absent' }
  | { status: 'active'; userId: string; email: string; firstName: string; createdAt: string };

export type UserCommand = {
  type: 'CreateUser';
  data: { userId: string; email: string; firstName?: string; createdAt: string };
};

type UserEvent = projects.UserEvent;

export function decide(command: UserCommand, state: UserState): UserEvent[] {
  switch (command.type) {
    case 'CreateUser': {
      if (state.status !== 'absent') throw new ConflictError('The user already exists.');
      const { userId, email, firstName = '', createdAt } = command.data;
      return [{ type: 'UserCreated', data: { userId, email, firstName, createdAt } }];
    }
    default: {
      const _exhaustive: never = command.type;
      return _exhaustive;
    }
  }
}

export function evolve(_state: UserState, event: UserEvent): UserState {
  switch (event.type) {
    case 'UserCreated':
      return { status: 'active', ...event.data };
    default: {
      const _exhaustive: never = event.type;
      return _exhaustive;
    }
  }
}

export function initialState(): UserState {
  return { status: 'absent' };
}

export const userDecider: Decider<UserState, UserCommand, UserEvent> = { decide, evolve, initialState };
