import type { exportJobs } from '@strata/contracts';
import type { Decider } from '@strata/eventstore';
import { isRunning, type JobLifecycle, requireAbsent } from './job-status';

/** An export job, stream `export-job-<uuid>`: ExportRequested, then ExportCompleted or ExportFailed, once. */
export type ExportJobEvent = exportJobs.ExportJobEvent;
type Data<T extends ExportJobEvent['type']> = Extract<ExportJobEvent, { type: T }>['data'];

export type ExportJobCommand =
  | { type: 'RequestExport'; data: Data<'ExportRequested'> }
  | { type: 'CompleteExport'; data: Data<'ExportCompleted'> }
  | { type: 'FailExport'; data: Data<'ExportFailed'> };

export type ExportJobState = JobLifecycle;

function decide(command: ExportJobCommand, state: ExportJobState): ExportJobEvent[] {
  switch (command.type) {
    case 'RequestExport':
      requireAbsent(state);
      return [{ type: 'ExportRequested', data: command.data }];
    case 'CompleteExport':
      return isRunning(state) ? [{ type: 'ExportCompleted', data: command.data }] : [];
    case 'FailExport':
      return isRunning(state) ? [{ type: 'ExportFailed', data: command.data }] : [];
    default: {
      const _exhaustive: never = command;
      return _exhaustive;
    }
  }
}

function evolve(_state: ExportJobState, event: ExportJobEvent): ExportJobState {
  switch (event.type) {
    case 'ExportRequested':
      return { status: 'PROCESSING' };
    case 'ExportCompleted':
      return { status: 'SUCCESS' };
    case 'ExportFailed':
      return { status: 'FAILED' };
    default: {
      const _exhaustive: never = event;
      return _exhaustive;
    }
  }
}

export const exportJobDecider: Decider<ExportJobState, ExportJobCommand, ExportJobEvent> = {
  decide,
  evolve,
  initialState: () => ({ status: 'absent' }),
};
