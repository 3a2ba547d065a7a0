import { writeFile } from 'node:fs/promises';
import { checkWritable, readText } from './files';
import { type Answer, describeRefusal, type GatewayClient } from './gateway-client';
import { type Job, type Output, planTable, print, summaryTable, waitForJob } from './output';

/** Exit codes a script can rely on: 0 done, 1 refused or failed, 2 bad usage. */
export const EXIT = { ok: 0, refused: 1, usage: 2 } as const;

interface ImportJob extends Job {
  dry_run: boolean;
  result_summary: Record<string, { created: number; updated: number; deleted: number; skipped: number; skipped_because?: string }> | null;
  plan: Record<string, unknown> | null;
}

export async function exportProject(client: GatewayClient, options: Output & { project: number; identityOverrides: boolean; output?: string }): Promise<number> {
  // Checked before the job starts: a path that cannot be written is bad usage, and no export runs for nothing.
  if (options.output) await checkWritable(options.output);
  const base = `/api/v2/projects/${options.project}/exports/`;
  const created = await client.call('POST', base, { include_identity_overrides: options.identityOverrides });
  if (created.status !== 202) return refused(options, created);
  const job = await waitForJob('export', async () => (await client.call('GET', `${base}${(created.body as Job).id}`)).body as Job);
  if (job.status === 'FAILED') return failed(options, 'export', job);
  const file = await client.call('GET', `${base}${job.id}/download`);
  if (file.status !== 200) return refused(options, file);
  if (options.output) {
    await writeFile(options.output, file.text);
    const bytes = Buffer.byteLength(file.text);
    if (options.json) print({ id: job.id, status: job.status, output: options.output, bytes });
    else process.stderr.write(`wrote ${bytes} bytes to ${options.output}\n`);
  } else process.stdout.write(file.text.endsWith('\n') ? file.text : `${file.text}\n`);
  return EXIT.ok;
}

export async function importProject(
  client: GatewayClient,
  options: Output & { project: number; strategy: 'skip' | 'overwrite'; dryRun: boolean; file: string },
): Promise<number> {
  const base = `/api/v2/projects/${options.project}/imports/`;
  // Sent as text: a file that is not JSON is then reported with its line and column, like any other problem.
  const data = await readText(options.file);
  const strategy = options.strategy === 'skip' ? 'SKIP' : 'OVERWRITE_DESTRUCTIVE';
  const created = await client.call('POST', base, { strategy, dry_run: options.dryRun, data });
  if (created.status !== 202) return refused(options, created);
  const job = await waitForJob('import', async () => (await client.call('GET', `${base}${(created.body as Job).id}`)).body as ImportJob);
  if (job.status === 'FAILED') return failed(options, 'import', job);
  if (options.json) return print({ id: job.id, status: job.status, dry_run: job.dry_run, plan: job.plan, result_summary: job.result_summary });
  if (job.dry_run && job.plan) process.stdout.write(`plan (dry run, nothing changed):\n${planTable(job.plan)}\n`);
  if (job.result_summary) process.stdout.write(`${job.dry_run ? 'would change' : 'summary'}:\n${summaryTable(job.result_summary)}`);
  return EXIT.ok;
}

/** A refusal: its lines on stderr, and with `--json` the API's error body (with the HTTP status) on stdout. */
function refused(output: Output, answer: Answer): number {
  process.stderr.write(`${describeRefusal(answer).join('\n')}\n`);
  if (output.json) print({ status: answer.status, error: answer.body ?? answer.text });
  return EXIT.refused;
}

function failed(output: Output, label: string, job: Job): number {
  process.stderr.write(`${label} failed: ${job.error ?? 'no reason given'}\n`);
  if (output.json) print({ id: job.id, status: job.status, error: job.error ?? null });
  return EXIT.refused;
}

