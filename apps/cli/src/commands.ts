import { readFile, writeFile } from 'node:fs/promises';
import { describeRefusal, type GatewayClient } from './gateway-client';
import { type Job, planTable, summaryTable, waitForJob } from './output';

/** Exit codes a script can rely on: 0 done, 1 refused or failed, 2 bad usage. */
export const EXIT = { ok: 0, refused: 1, usage: 2 } as const;

interface ImportJob extends Job {
  dry_run: boolean;
  result_summary: Record<string, { created: number; updated: number; deleted: number; skipped: number; skipped_because?: string }> | null;
  plan: Record<string, unknown> | null;
}

export async function exportProject(client: GatewayClient, options: { project: number; identityOverrides: boolean; output?: string }): Promise<number> {
  const base = `/api/v2/projects/${options.project}/exports/`;
  const created = await client.call('POST', base, { include_identity_overrides: options.identityOverrides });
  if (created.status !== 202) return refused(describeRefusal(created));
  const job = await waitForJob('export', async () => (await client.call('GET', `${base}${(created.body as Job).id}`)).body as Job);
  if (job.status === 'FAILED') return refused([`export failed: ${job.error ?? 'no reason given'}`]);
  const file = await client.call('GET', `${base}${job.id}/download`);
  if (file.status !== 200) return refused(describeRefusal(file));
  if (options.output) {
    await writeFile(options.output, file.text);
    process.stderr.write(`wrote ${Buffer.byteLength(file.text)} bytes to ${options.output}\n`);
  } else process.stdout.write(file.text.endsWith('\n') ? file.text : `${file.text}\n`);
  return EXIT.ok;
}

export async function importProject(
  client: GatewayClient,
  options: { project: number; strategy: 'skip' | 'overwrite'; dryRun: boolean; file: string },
): Promise<number> {
  const base = `/api/v2/projects/${options.project}/imports/`;
  // Sent as text: a file that is not JSON is then reported with its line and column, like any other problem.
  const data = await readFile(options.file, 'utf8');
  const strategy = options.strategy === 'skip' ? 'SKIP' : 'OVERWRITE_DESTRUCTIVE';
  const created = await client.call('POST', base, { strategy, dry_run: options.dryRun, data });
  if (created.status !== 202) return refused(describeRefusal(created));
  const job = await waitForJob('import', async () => (await client.call('GET', `${base}${(created.body as Job).id}`)).body as ImportJob);
  if (job.status === 'FAILED') return refused([`import failed: ${job.error ?? 'no reason given'}`]);
  if (job.dry_run && job.plan) process.stdout.write(`plan (dry run, nothing changed):\n${planTable(job.plan)}\n`);
  if (job.result_summary) process.stdout.write(`${job.dry_run ? 'would change' : 'summary'}:\n${summaryTable(job.result_summary)}`);
  return EXIT.ok;
}

function refused(lines: string[]): number {
  process.stderr.write(`${lines.join('\n')}\n`);
  return EXIT.refused;
}
