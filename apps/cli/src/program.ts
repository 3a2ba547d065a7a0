import { Command, InvalidArgumentError, Option, type OutputConfiguration } from 'commander';
import { addAdminCommands, type RunAdmin } from './admin/admin-program';
import { exportProject, importProject } from './commands';
import type { GatewayClient } from './gateway-client';
import { addEnvironmentHelp, packageVersion } from './help';
import { JSON_OPTION } from './output';

export type RunGateway = (work: (client: GatewayClient) => Promise<number>) => Promise<void>;

function projectId(value: string): number {
  if (!/^[1-9][0-9]{0,14}$/.test(value)) throw new InvalidArgumentError('a project id is a positive integer.');
  return Number(value);
}

/** `strata`'s commands (SPEC §9, §12); `run` and `runAdmin` give a command its client; `output`: where help and usage errors go. */
export function program(run: RunGateway, runAdmin: RunAdmin, output: OutputConfiguration = {}): Command {
  const strata = new Command('strata')
    .configureOutput(output)
    .description('Export and import a Strata project’s flag setup (STRATA_URL, STRATA_API_KEY); operate the services: strata admin (NATS_URL, NATS_PREFIX)')
    .version(packageVersion(), '-V, --version', 'print the version')
    .exitOverride()
    .showHelpAfterError();
  strata
    .command('export')
    .description('Export a project to a file (version 1)')
    .requiredOption('--project <id>', 'the project’s id', projectId)
    .option('--identity-overrides', 'include identity overrides', false)
    .option('-o, --output <file>', 'write the file here, checked before the export starts (default: stdout)')
    .option(JSON_OPTION[0], 'with -o: print {id, status, output, bytes} as JSON (without -o the file itself is the JSON on stdout)', false)
    .action((options: { project: number; identityOverrides: boolean; output?: string; json: boolean }) => run((client) => exportProject(client, options)));
  strata
    .command('import')
    .description('Import a file into a project: validated first, then applied all-or-nothing')
    .requiredOption('--project <id>', 'the project’s id', projectId)
    .addOption(new Option('--strategy <strategy>', 'skip: never change what exists; overwrite: make what the file names equal to it').choices(['skip', 'overwrite']).makeOptionMandatory())
    .option('--dry-run', 'show the plan and change nothing', false)
    .option(...JSON_OPTION, false)
    .argument('<file>', 'the export file')
    .action((file: string, options: { project: number; strategy: 'skip' | 'overwrite'; dryRun: boolean; json: boolean }) =>
      run((client) => importProject(client, { ...options, file })),
    );
  addAdminCommands(strata, runAdmin);
  addEnvironmentHelp(strata);
  return strata;
}
