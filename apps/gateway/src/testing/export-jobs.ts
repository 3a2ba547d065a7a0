import type { Account, ApiClient } from './api-client';

/** Export and import jobs as the e2e specs of SPEC §6 see them. */

export interface Job {
  id: string;
  status: 'PROCESSING' | 'SUCCESS' | 'FAILED';
  error: string | null;
  result_summary?: Record<string, { created: number; updated: number; deleted: number; skipped: number }> | null;
  plan?: Record<string, unknown> | null;
}

/** The job once it has left PROCESSING (or as it is at the deadline). */
export async function until(api: ApiClient, key: string, jobPath: string, timeoutMs = 30_000): Promise<Job> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const job = (await api.get<Job>(jobPath, key)).body;
    if (job.status !== 'PROCESSING' || Date.now() > deadline) return job;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

export async function newProject(api: ApiClient, owner: Account, name = `target ${Date.now()}`): Promise<number> {
  const answer = await api.post<{ id: number }>('/api/v2/projects/', owner.key, { name, organization_id: owner.organization.id });
  if (answer.status !== 201) throw new Error(`project answered ${answer.status}: ${JSON.stringify(answer.body)}`);
  return answer.body.id;
}
