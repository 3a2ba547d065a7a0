import { CommanderError } from 'commander';
import { AdminClient } from './admin/admin-client';
import type { RunAdmin } from './admin/admin-program';
import { EXIT } from './commands';
import { GatewayClient, UsageError } from './gateway-client';
import { program, type RunGateway } from './program';

/**
 * `strata`: export and import a project's flag setup through the gateway (SPEC §9), with STRATA_URL and
 * STRATA_API_KEY; `strata admin …` operates the services over NATS (SPEC §12).
 */

async function main(argv: string[]): Promise<number> {
  let code: number = EXIT.ok;
  const run: RunGateway = async (work) => {
    code = await work(GatewayClient.fromEnvironment(process.env));
  };
  const runAdmin: RunAdmin = async (work) => {
    const client = await AdminClient.fromEnvironment(process.env);
    try {
      code = await work(client);
    } finally {
      await client.close();
    }
  };
  try {
    await program(run, runAdmin).parseAsync(argv);
    return code;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
    if (error instanceof UsageError) {
      process.stderr.write(`strata: ${error.message}\n`);
      return EXIT.usage;
    }
    const cause = error instanceof Error && error.cause instanceof Error ? ` (${error.cause.message})` : '';
    process.stderr.write(`strata: ${error instanceof Error ? error.message : String(error)}${cause}\n`);
    return EXIT.refused;
  }
}

// A reader that stops early (`strata export … | head`) ends the output, not with a stack trace.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EPIPE') throw error;
  process.exit(process.exitCode ?? EXIT.ok);
});

void main(process.argv).then((code) => {
  process.exitCode = code;
});
