import type { z } from 'zod';
import type { baseConfigSchema, ConfigOf } from '../config/config';
import { type ServiceOptions, type StartedService, startService } from './start-service';
import { stopOnSignals } from './shutdown';
import { StartupError } from './startup-error';

/**
 * A service's `main`: starts it, stops it gracefully on SIGTERM/SIGINT, and on any start-up failure prints exactly
 * one line to stderr (`<name>: cannot start: <why>`) and exits 1. Operators read that line; a stack trace would
 * bury it.
 */
export async function runService<Schema extends z.ZodType<z.output<typeof baseConfigSchema>> = typeof baseConfigSchema>(
  options: ServiceOptions<Schema>,
): Promise<StartedService<ConfigOf<Schema>>> {
  try {
    const service = await startService(options);
    stopOnSignals(service.shutdown);
    return service;
  } catch (error) {
    process.stderr.write(`${options.name}: cannot start: ${startupFailure(error)}\n`);
    return process.exit(1);
  }
}

export function startupFailure(error: unknown): string {
  if (error instanceof StartupError) return error.message;
  if (error instanceof Error) return oneLine(`${error.message}`) || error.name;
  return oneLine(String(error));
}

/**
 * A message on one line. A driver's message may be its SQL over many lines with the reason at the end
 * (`select … - relation "x" does not exist`): the first line and the last are kept, the reason among them.
 */
function oneLine(text: string): string {
  const lines = text.split('\n').map((line) => line.trim()).filter((line) => line !== '');
  if (lines.length <= 1) return lines[0] ?? '';
  return `${lines[0]} … ${lines[lines.length - 1]}`;
}
