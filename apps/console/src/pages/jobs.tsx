import { useEffect, useState } from 'react';
import { api, type ApiError, download } from '../api/client';
import type { Job } from '../api/types';
import { formatDate } from '../ui';

const POLL_MS = 500;

/** Polls a job until it leaves PROCESSING; stops when the view goes away. Answers only the job of the current path. */
export function useJob<T extends Job>(path: string | undefined): { job: T | undefined; error: ApiError | undefined } {
  const [state, setState] = useState<{ path: string; job?: T; error?: ApiError }>();
  useEffect(() => {
    if (!path) return;
    let active = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const poll = async () => {
      try {
        const job = await api<T>('GET', path);
        if (!active) return;
        setState({ path, job });
        if (job.status === 'PROCESSING') timer = setTimeout(() => void poll(), POLL_MS);
      } catch (caught) {
        if (active) setState({ path, error: caught as ApiError });
      }
    };
    void poll();
    return () => {
      active = false;
      clearTimeout(timer);
    };
  }, [path]);
  return state && state.path === path ? { job: state.job, error: state.error } : { job: undefined, error: undefined };
}

export function JobProgress({ job, what }: { job: Job | undefined; what: string }) {
  if (!job) return <p role="status">{what} starting…</p>;
  return (
    <p role="status" className={`job ${job.status.toLowerCase()}`} data-testid={`${what.toLowerCase().replace(/\W+/g, '-')}-status`}>
      {what} {job.status === 'PROCESSING' ? 'in progress…' : job.status === 'SUCCESS' ? 'finished' : 'failed'}
      {job.status === 'PROCESSING' ? <progress aria-label={`${what} in progress`} /> : null}
      {job.finished_at ? ` at ${formatDate(job.finished_at)}` : null}
      {job.error ? `: ${job.error}` : null}
    </p>
  );
}

/** Saves an export's file as the browser's download (its name from the answer); answers that name. */
export async function saveExportFile(projectId: number, jobId: string): Promise<string> {
  const { blob, filename } = await download(`/api/v2/projects/${projectId}/exports/${jobId}/download`);
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
  return filename;
}
