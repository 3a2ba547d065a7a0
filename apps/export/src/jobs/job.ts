import type { exportJobs } from '@strata/contracts';
import type { Decider } from '@strata/eventstore';
import { isRunning, type JobLifecycle, requireAbsent } from './job-status';

/**
 * An export or import job, stream `export-job-<uuid>` / `import-job-<uuid>`: requested, then completed or failed,
 * once. Both kinds live the same life, so one decider serves both, typed by the kind's events.
 */
export type JobEvent = exportJobs.ExportJobEvent | exportJobs.ImportJobEvent;

/** Which step an event is; `RequestX` / `CompleteX` / `FailX` are the commands that decide it. */
type Step = 'request' | 'complete' | 'fail';

export interface JobCommand<E extends JobEvent> {
  type: Step;
  /** The event the step records when it is decided. */
  event: E;
}

const STATUS_AFTER: Record<Step, exportJobs.JobStatus> = { request: 'PROCESSING', complete: 'SUCCESS', fail: 'FAILED' };

function stepOf(event: JobEvent): Step {
  if (event.type.endsWith('Requested')) return 'request';
  return event.type.endsWith('Completed') ? 'complete' : 'fail';
}

/** Requested once; completion and failure decided once — a resumed worker finishing an ended job decides nothing. */
export function jobDecider<E extends JobEvent>(): Decider<JobLifecycle, JobCommand<E>, E> {
  return {
    initialState: () => ({ status: 'absent' }),
    decide(command, state) {
      if (command.type === 'request') {
        requireAbsent(state);
        return [command.event];
      }
      return isRunning(state) ? [command.event] : [];
    },
    evolve: (_state, event) => ({ status: STATUS_AFTER[stepOf(event)] }),
  };
}

export const exportJobDecider = jobDecider<exportJobs.ExportJobEvent>();
export const importJobDecider = jobDecider<exportJobs.ImportJobEvent>();
