import type { ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';

export interface ChildOutput {
  /** Whole lines of stdout and stderr as they arrive (a line cut between two chunks stays one line). */
  readonly lines: string[];
  stdout(): string;
  stderr(): string;
  /**
   * The exit code, once the process has exited **and** its stdout and stderr are read to the end. A process's `exit`
   * event may come before its last output on a busy machine; assertions on output wait for this instead.
   */
  readonly closed: Promise<number | null>;
}

/** Collects a spawned process's output for assertions and failure messages. */
export function collectOutput(child: ChildProcess): ChildOutput {
  const lines: string[] = [];
  const text = { stdout: '', stderr: '' };
  for (const [name, stream] of [['stdout', child.stdout], ['stderr', child.stderr]] as const) {
    if (!stream) continue;
    stream.on('data', (chunk: Buffer) => (text[name] += chunk.toString()));
    createInterface({ input: stream, crlfDelay: Infinity }).on('line', (line) => {
      if (line !== '') lines.push(line);
    });
  }
  const closed = new Promise<number | null>((resolve) => child.once('close', (code) => resolve(code)));
  return { lines, stdout: () => text.stdout, stderr: () => text.stderr, closed };
}
