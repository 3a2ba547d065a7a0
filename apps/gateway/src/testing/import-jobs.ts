import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { exportFormat } from '@strata/contracts';
import type { Account, ApiClient, ListBody } from './api-client';

/** What the export and import specs share: the seed's example file, jobs waited on, a fresh project. */

const ROOT = path.resolve(__dirname, '../../../..');
const seedText = readFileSync(path.join(ROOT, 'libs/rules/src/export-format/fixtures/seed-example.json'), 'utf8');
export type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- files are edited freely here
export const seed = (): Json => JSON.parse(seedText);
/** The seed's example with `extra` more features: a job that takes a while. */
export const largeSeed = (extra: number): Json => {
  const file = seed();
  for (let index = 0; index < extra; index++) file.features.push({ ...file.features[0], name: `feature_${index}`, tags: [] });
  return file;
};

export interface Job {
  id: string;
  status: 'PROCESSING' | 'SUCCESS' | 'FAILED';
  error: string | null;
  dry_run?: boolean;
  result_summary?: Record<string, exportFormat.Counts> | null;
  plan?: Json | null;
}

export const imports = (projectId: number) => `/api/v2/projects/${projectId}/imports/`;
export const exports = (projectId: number) => `/api/v2/projects/${projectId}/exports/`;

/** The job once it is no longer PROCESSING (or as it is after `timeoutMs`). */
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

export async function environmentNames(api: ApiClient, key: string, projectId: number): Promise<string[]> {
  return (await api.get<ListBody<{ name: string }>>(`/api/v2/projects/${projectId}/environments/`, key)).body.results.map((e) => e.name).sort();
}
