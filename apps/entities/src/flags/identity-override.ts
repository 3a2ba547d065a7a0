import { NotFoundError, type entities } from '@strata/contracts';
import type { Decider } from '@strata/eventstore';
import { sameJson } from './flag-state';

/**
 * One identity's override of a flag in one environment (SPEC §4.4), stream `flag-identity-<flagId>-<envId>-<hash>`:
 * a stream per identity keeps each one short, and keeps the state's stream (and so its ETag) apart from them.
 */

type IdentityEvent = entities.IdentityOverrideSet | entities.IdentityOverrideRemoved;

export interface IdentitySeen {
  flagId: string;
  projectId: number;
  environmentId: number;
  identifier: string;
}

export type IdentityOverrideState = { status: 'absent' } | { status: 'set'; enabled: boolean; featureStateValue: entities.FeatureStateValue | null };

export type IdentityOverrideCommand =
  | { type: 'SetIdentityOverride'; data: { identity: IdentitySeen; enabled: boolean; featureStateValue: entities.FeatureStateValue | null } }
  | { type: 'RemoveIdentityOverride'; data: { identity: IdentitySeen } };

export function decide(command: IdentityOverrideCommand, state: IdentityOverrideState): IdentityEvent[] {
  const { flagId, projectId, environmentId, identifier } = command.data.identity;
  switch (command.type) {
    case 'SetIdentityOverride': {
      const { enabled, featureStateValue } = command.data;
      if (state.status === 'set' && state.enabled === enabled && sameJson(state.featureStateValue, featureStateValue)) return [];
      return [{ type: 'IdentityOverrideSet', data: { flagId, projectId, environmentId, identifier, enabled, featureStateValue } }];
    }
    case 'RemoveIdentityOverride':
      if (state.status === 'absent') throw new NotFoundError('Identity override not found.');
      return [{ type: 'IdentityOverrideRemoved', data: { flagId, projectId, environmentId, identifier } }];
    default: {
      const _exhaustive: never = command;
      return _exhaustive;
    }
  }
}

export function evolve(_state: IdentityOverrideState, event: IdentityEvent): IdentityOverrideState {
  switch (event.type) {
    case 'IdentityOverrideSet':
      return { status: 'set', enabled: event.data.enabled, featureStateValue: event.data.featureStateValue };
    case 'IdentityOverrideRemoved':
      return { status: 'absent' };
    default: {
      const _exhaustive: never = event;
      return _exhaustive;
    }
  }
}

export const identityOverrideDecider: Decider<IdentityOverrideState, IdentityOverrideCommand, IdentityEvent> = {
  decide,
  evolve,
  initialState: () => ({ status: 'absent' }),
};
