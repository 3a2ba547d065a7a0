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

function oneLine(text: string): string {
  return text.split('\n')[0].trim();
}
