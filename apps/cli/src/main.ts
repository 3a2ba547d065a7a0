import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { AdminClient } from './admin/admin-client';
import { addAdminCommands, type RunAdmin } from './admin/admin-program';
import { EXIT, exportProject, importProject } from './commands';
import { GatewayClient, UsageError } from './gateway-client';

/**
 * `strata`: export and import a project's flag setup through the gateway (SPEC §9), with STRATA_URL and
 * STRATA_API_KEY; `strata admin …` operates the services over NATS (SPEC §12).
 */

function projectId(value: string): number {
  if (!/^[1-9][0-9]{0,14}$/.test(value)) throw new InvalidArgumentError('a project id is a positive integer.');
  return Number(value);
}

function program(run: (work: (client: GatewayClient) => Promise<number>) => Promise<void>, runAdmin: RunAdmin): Command {
  const strata = new Command('strata')
    .description('Export and import a Strata project’s flag setup (STRATA_URL, STRATA_API_KEY); operate the services: strata admin (NATS_URL, NATS_PREFIX)')
    .exitOverride()
    .showHelpAfterError();
  strata
    .command('export')
    .description('Export a project to a file (version 1)')
    .requiredOption('--project <id>', 'the project’s id', projectId)
    .option('--identity-overrides', 'include identity overrides', false)
    .option('-o, --output <file>', 'write the file here instead of to stdout')
    .action((options: { project: number; identityOverrides: boolean; output?: string }) => run((client) => exportProject(client, options)));
  strata
    .command('import')
    .description('Import a file into a project: validated first, then applied all-or-nothing')
    .requiredOption('--project <id>', 'the project’s id', projectId)
    .addOption(new Option('--strategy <strategy>', 'skip: never change what exists; overwrite: make what the file names equal to it').choices(['skip', 'overwrite']).makeOptionMandatory())
    .option('--dry-run', 'show the plan and change nothing', false)
    .argument('<file>', 'the export file')
    .action((file: string, options: { project: number; strategy: 'skip' | 'overwrite'; dryRun: boolean }) =>
      run((client) => importProject(client, { ...options, file })),
    );
  addAdminCommands(strata, runAdmin);
  return strata;
}

async function main(argv: string[]): Promise<number> {
  let code: number = EXIT.ok;
  const run = async (work: (client: GatewayClient) => Promise<number>) => {
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

void main(process.argv).then((code) => {
  process.exitCode = code;
});
