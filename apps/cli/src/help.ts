import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { ADMIN_DEFAULTS } from './admin/admin-client';
import { EXIT } from './commands';
import { DEFAULT_STRATA_URL } from './gateway-client';

/** The environment variables the CLI reads, with their defaults: `--help` lists them under every command. */
export const ENVIRONMENT: readonly (readonly [name: string, what: string])[] = [
  ['STRATA_URL', `the gateway (default: ${DEFAULT_STRATA_URL})`],
  ['STRATA_API_KEY', 'a personal API key (export and import need it)'],
  ['NATS_URL', `strata admin: the NATS servers, comma-separated (default: ${ADMIN_DEFAULTS.natsUrl})`],
  ['NATS_PREFIX', 'strata admin: the subjects’ and streams’ prefix (default: none)'],
  ['STRATA_ADMIN_TIMEOUT_MS', `strata admin: how long one answer may take (default: ${ADMIN_DEFAULTS.timeoutMs})`],
  ['STRATA_CLI_SOURCE', '1: run the source rather than the build'],
];

export const EXIT_CODES: readonly (readonly [code: number, what: string])[] = [
  [EXIT.ok, 'done'],
  [EXIT.refused, 'refused or failed: the API refused (its problems listed), a job failed, the gateway or NATS unreachable'],
  [EXIT.usage, 'bad usage: an unknown option or value, a missing argument, no STRATA_API_KEY, an unreadable file, an unwritable output path'],
];

function section(title: string, rows: readonly (readonly [string | number, string])[]): string {
  const width = Math.max(...rows.map(([name]) => String(name).length));
  return `${title}:\n${rows.map(([name, what]) => `  ${String(name).padEnd(width)}  ${what}`).join('\n')}\n`;
}

/** Adds the environment variables and exit codes after the help of this command and of every command under it. */
export function addEnvironmentHelp(command: Command): void {
  command.addHelpText('after', `\n${section('Environment variables', ENVIRONMENT)}\n${section('Exit codes', EXIT_CODES)}`);
  for (const sub of command.commands) addEnvironmentHelp(sub);
}

/** The package's version, from the package.json above this file (the source's or the build's). */
export function packageVersion(from = __dirname): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    try {
      const { name, version } = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as { name?: string; version?: string };
      if (name === 'strata' && version) return version;
    } catch {
      // No package.json here: look in the parent.
    }
    if (path.dirname(dir) === dir) return 'unknown';
  }
}
