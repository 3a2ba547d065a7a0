import type { z } from 'zod';
import type { baseConfigSchema } from '../config/config';
import { runService } from '../lifecycle/run-service';
import { eventSourcedService, type EventSourcedServiceOptions } from './event-sourced-service';
import { rebuildCommand } from './rebuild-command';

/** A service's `main`: serve (default), or `rebuild [read-model …]` to rebuild read models from the event log. */
export async function runEventSourcedService<S extends z.ZodType<z.output<typeof baseConfigSchema>> = typeof baseConfigSchema>(
  options: EventSourcedServiceOptions<S>,
  argv: readonly string[] = process.argv.slice(2),
): Promise<void> {
  const [command, ...rest] = argv;
  if (command === 'rebuild') {
    process.exit(await rebuildCommand(options, rest));
  }
  if (command !== undefined && command !== 'serve') {
    process.stderr.write(`${options.name}: unknown command "${command}" (expected: serve, rebuild [read-model …])\n`);
    process.exit(2);
  }
  await runService(eventSourcedService(options));
}
