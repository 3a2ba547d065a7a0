import { spawn } from 'node:child_process';
import path from 'node:path';
import { collectOutput } from './child-output';

const ROOT = path.resolve(__dirname, '../../..');

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `strata …` (bin/strata.cjs, from source) as a user would, with these environment variables added. */
export function strata(args: string[], env: Record<string, string>): Promise<CliRun> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(ROOT, 'bin/strata.cjs'), ...args], { cwd: ROOT, env: { ...process.env, STRATA_CLI_SOURCE: '1', ...env } });
    const output = collectOutput(child);
    void output.closed.then((code) => resolve({ code, stdout: output.stdout(), stderr: output.stderr() }));
  });
}
