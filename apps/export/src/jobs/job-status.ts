import { ConflictError, type exportJobs, NotFoundError } from '@strata/contracts';

/** What every job stream folds to: whether it exists, and whether it has ended. */
export interface JobLifecycle {
  status: exportJobs.JobStatus | 'absent';
}

/** A job is requested once; a second request on the same stream is a programming error surfaced as a conflict. */
export function requireAbsent(state: JobLifecycle): void {
  if (state.status !== 'absent') throw new ConflictError('This job exists already.');
}

/** Completion and failure are decided once: a resumed worker finishing a job that already ended decides nothing. */
export function isRunning(state: JobLifecycle): boolean {
  if (state.status === 'absent') throw new NotFoundError('Job not found.');
  return state.status === 'PROCESSING';
}

export function exportJobStreamId(jobId: string): string {
  return `export-job-${jobId}`;
}

export function importJobStreamId(jobId: string): string {
  return `import-job-${jobId}`;
}
