/** What the CLI prints: progress on stderr while a job runs, tables on stdout. */

/** `--json`: one JSON document on stdout (the result, or the refusal), progress and messages on stderr. */
export interface Output {
  json: boolean;
}

/** The `--json` option of every command that prints a result. */
export const JSON_OPTION = ['--json', 'print one JSON document on stdout for scripts instead of tables (progress stays on stderr)'] as const;

/** The one JSON document `--json` prints; a command's last word, so it answers exit code 0. */
export function print(value: unknown): number {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
  return 0;
}

export interface Job {
  id: string;
  status: 'PROCESSING' | 'SUCCESS' | 'FAILED';
  error?: string | null;
}

/** Polls `read` until the job has ended, showing how long it has run. */
export async function waitForJob<T extends Job>(label: string, read: () => Promise<T>, intervalMs = 300): Promise<T> {
  const started = Date.now();
  const tty = process.stderr.isTTY === true;
  const frames = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];
  let lastLine = 0;
  for (let tick = 0; ; tick++) {
    const job = await read();
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    if (job.status !== 'PROCESSING') {
      process.stderr.write(`${tty ? '\r' : ''}${label} ${job.id}: ${job.status} after ${seconds} s\n`);
      return job;
    }
    if (tty) process.stderr.write(`\r${frames[tick % frames.length]} ${label} ${job.id}: PROCESSING ${seconds} s`);
    else if (Date.now() - lastLine >= 1000) {
      process.stderr.write(`${label} ${job.id}: PROCESSING ${seconds} s\n`);
      lastLine = Date.now();
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

/** A plain text table with a header line, columns padded to their widest cell. */
export function table(header: string[], rows: (string | number)[][]): string {
  const cells = [header, ...rows.map((row) => row.map(String))];
  const widths = header.map((_, column) => Math.max(...cells.map((row) => row[column]?.length ?? 0)));
  const line = (row: string[]) => row.map((cell, column) => (column === 0 ? cell.padEnd(widths[column]) : cell.padStart(widths[column]))).join('  ').trimEnd();
  return [line(cells[0]), widths.map((width) => '-'.repeat(width)).join('  '), ...cells.slice(1).map(line)].join('\n') + '\n';
}

type Counts = { created: number; updated: number; deleted: number; skipped: number; skipped_because?: string };

/** The counts per section, then why a section's elements were skipped when the summary says (identity overrides). */
export function summaryTable(summary: Record<string, Counts>): string {
  const counts = table(
    ['section', 'created', 'updated', 'deleted', 'skipped'],
    Object.entries(summary).map(([section, counts]) => [section, counts.created, counts.updated, counts.deleted, counts.skipped]),
  );
  const reasons = Object.entries(summary).filter(([, counts]) => counts.skipped_because !== undefined);
  return counts + reasons.map(([section, { skipped, skipped_because }]) => `${section}: ${skipped} skipped — ${skipped_because}\n`).join('');
}

interface Step {
  action: string;
  name?: string;
  environment_name?: string;
  feature_name?: string;
}

/** A dry run's plan: one line per step of each section, what would happen to what. */
export function planTable(plan: Record<string, unknown>): string {
  const rows: string[][] = [];
  for (const section of ['tags', 'segments', 'features', 'environments', 'feature_states']) {
    const steps = plan[section];
    if (!Array.isArray(steps)) continue;
    for (const step of steps as Step[]) rows.push([section, step.action, step.name ?? `${step.feature_name ?? ''} @ ${step.environment_name ?? ''}`]);
  }
  return table(['section', 'action', 'name'], rows);
}
