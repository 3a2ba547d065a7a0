import type { exportJobs } from '@strata/contracts';
import type { Decider } from '@strata/eventstore';
import { isRunning, type JobLifecycle, requireAbsent } from './job-status';

/** An import job, stream `import-job-<uuid>`: ImportRequested, then ImportCompleted or ImportFailed, once. */
export type ImportJobEvent = exportJobs.ImportJobEvent;
type Data<T extends ImportJobEvent['type']> = Extract<ImportJobEvent, { type: T }>['data'];

export type ImportJobCommand =
  | { type: 'RequestImport'; data: Data<'ImportRequested'> }
  | { type: 'CompleteImport'; data: Data<'ImportCompleted'> }
  | { type: 'FailImport'; data: Data<'ImportFailed'> };

export type ImportJobState = JobLifecycle;

function decide(command: ImportJobCommand, state: ImportJobState): ImportJobEvent[] {
  switch (command.type) {
    case 'RequestImport':
      requireAbsent(state);
      return [{ type: 'ImportRequested', data: command.data }];
    case 'CompleteImport':
      return isRunning(state) ? [{ type: 'ImportCompleted', data: command.data }] : [];
    case 'FailImport':
      return isRunning(state) ? [{ type: 'ImportFailed', data: command.data }] : [];
    default: {
      const _exhaustive: never = command;
      return _exhaustive;
    }
  }
}

function evolve(_state: ImportJobState, event: ImportJobEvent): ImportJobState {
  switch (event.type) {
    case 'ImportRequested':
      return { status: 'PROCESSING' };
    case 'ImportCompleted':
      return { status: 'SUCCESS' };
    case 'ImportFailed':
      return { status: 'FAILED' };
    default: {
      const _exhaustive: never = event;
      return _exhaustive;
    }
  }
}

export const importJobDecider: Decider<ImportJobState, ImportJobCommand, ImportJobEvent> = {
  decide,
  evolve,
  initialState: () => ({ status: 'absent' }),
};
