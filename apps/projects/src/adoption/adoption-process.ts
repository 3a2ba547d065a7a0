import { ConflictError, projects } from '@strata/contracts';
import type { Decider } from '@strata/eventstore';

/**
 * The process of one environment's adoption (SPEC §7), stream `environment-adoption-<environmentId>`. One runs at a
 * time per environment (a second is 409 `adoption_in_progress`); its steps across services are recorded as each is
 * done, so whoever takes it up after a crash knows where to go on from. It ends with the move (`Completed`, in the
 * append of the move itself) or with the refusal of a step (`Failed`).
 */

type AdoptionEvent = projects.AdoptionEvent;

export type AdoptionState =
  | { status: 'idle' }
  | { status: 'running'; started: projects.AdoptionStarted; done: projects.AdoptionStep[]; report: projects.AdoptionReport };

export type AdoptionCommand =
  | { type: 'StartAdoption'; data: projects.AdoptionStarted }
  | { type: 'RecordStep'; data: { adoptionId: string; step: projects.AdoptionStep; report: projects.AdoptionReport; at: string } }
  | { type: 'CompleteAdoption'; data: { adoptionId: string; report: projects.AdoptionReport; completedAt: string } }
  | { type: 'FailAdoption'; data: { adoptionId: string; step: projects.AdoptionStep | 'projects'; code: string; detail: string; failedAt: string } };

export function decide(command: AdoptionCommand, state: AdoptionState): AdoptionEvent[] {
  if (command.type === 'StartAdoption') {
    if (state.status === 'running') throw new ConflictError('An adoption of this environment is already running.', 'adoption_in_progress', 'environment_id');
    return [{ type: 'EnvironmentAdoptionStarted', data: command.data }];
  }
  const running = state.status === 'running' && state.started.adoptionId === command.data.adoptionId ? state : undefined;
  const environmentId = running?.started.environmentId ?? 0;
  switch (command.type) {
    case 'RecordStep': {
      // A step recorded already (by another driver of the same adoption) is recorded once.
      if (running === undefined || running.done.includes(command.data.step)) return [];
      return [{ type: 'EnvironmentAdoptionStepDone', data: { ...command.data, environmentId } }];
    }
    case 'CompleteAdoption':
      if (running === undefined) throw new ConflictError('This adoption is not running any more.', 'adoption_ended');
      return [{ type: 'EnvironmentAdoptionCompleted', data: { ...command.data, environmentId } }];
    case 'FailAdoption':
      return running === undefined ? [] : [{ type: 'EnvironmentAdoptionFailed', data: { ...command.data, environmentId } }];
    default: {
      const _exhaustive: never = command;
      return _exhaustive;
    }
  }
}

export function evolve(state: AdoptionState, event: AdoptionEvent): AdoptionState {
  switch (event.type) {
    case 'EnvironmentAdoptionStarted':
      return { status: 'running', started: event.data, done: [], report: event.data.report };
    case 'EnvironmentAdoptionStepDone':
      return state.status === 'running' ? { ...state, done: [...state.done, event.data.step], report: event.data.report } : state;
    case 'EnvironmentAdoptionCompleted':
    case 'EnvironmentAdoptionFailed':
      return { status: 'idle' };
    default: {
      const _exhaustive: never = event;
      return _exhaustive;
    }
  }
}

export const adoptionDecider: Decider<AdoptionState, AdoptionCommand, AdoptionEvent> = { decide, evolve, initialState: () => ({ status: 'idle' }) };

export const adoptionStream = (environmentId: number): string => `environment-adoption-${environmentId}`;
