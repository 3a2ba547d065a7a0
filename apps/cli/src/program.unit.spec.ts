import { CommanderError } from 'commander';
import { ADMIN_DEFAULTS } from './admin/admin-client';
import { DEFAULT_STRATA_URL } from './gateway-client';
import { packageVersion } from './help';
import { program } from './program';

/** `strata`'s arguments (SPEC §9, issue 22): help with defaults, environment variables and exit codes; the version; usage errors before any client. */
describe('the strata program', () => {
  /** Parses `args` as `strata args…` would, telling what was printed, how it ended, and whether a command ran. */
  async function parse(...args: string[]): Promise<{ out: string; err: string; exitCode: number | null; ran: string[] }> {
    let out = '';
    let err = '';
    const ran: string[] = [];
    const strata = program(
      async () => void ran.push('gateway'),
      async () => void ran.push('admin'),
      { writeOut: (text) => (out += text), writeErr: (text) => (err += text) },
    );
    try {
      await strata.parseAsync(['node', 'strata', ...args]);
      return { out, err, exitCode: null, ran };
    } catch (error) {
      if (!(error instanceof CommanderError)) throw error;
      return { out, err, exitCode: error.exitCode, ran };
    }
  }

  it.each([[[]], [['export']], [['import']], [['admin', 'status']]])('help of %j lists the environment variables with their defaults and the exit codes', async (command) => {
    const { out, exitCode, ran } = await parse(...command, '--help');
    expect(exitCode).toBe(0);
    expect(ran).toEqual([]);
    expect(out).toMatch(new RegExp(`STRATA_URL +the gateway \\(default: ${DEFAULT_STRATA_URL.replace(/[.]/g, '\\.')}\\)`));
    expect(out).toMatch(/STRATA_API_KEY +a personal API key/);
    expect(out).toContain(`(default: ${ADMIN_DEFAULTS.natsUrl})`);
    expect(out).toMatch(/NATS_PREFIX/);
    expect(out).toMatch(/Exit codes:\n {2}0 {2}done\n {2}1 {2}refused or failed[^\n]*\n {2}2 {2}bad usage/);
  });

  it("shows options' defaults in a command's help", async () => {
    expect((await parse('export', '--help')).out).toMatch(/--identity-overrides +include identity overrides \(default: false\)/);
    expect((await parse('import', '--help')).out).toMatch(/--strategy <strategy>[\s\S]*\(choices: "skip",\s+"overwrite"\)/);
    expect((await parse('admin', 'dead-letters', '--help')).out).toMatch(/--limit <n>[\s\S]*\(default: 100\)/);
  });

  it('offers --json on every command that prints a result', async () => {
    for (const command of [['export'], ['import'], ...['status', 'relays', 'consumers', 'dead-letters', 'replay', 'rebuild', 'republish'].map((verb) => ['admin', verb])]) {
      expect({ command, help: (await parse(...command, '--help')).out }).toEqual({ command, help: expect.stringMatching(/--json +\S/) });
    }
  });

  it('prints the package version with --version and -V', async () => {
    const version = packageVersion();
    expect(version).toMatch(/^\d+\.\d+\.\d+/);
    for (const flag of ['--version', '-V']) expect(await parse(flag)).toEqual({ out: `${version}\n`, err: '', exitCode: 0, ran: [] });
  });

  it('refuses bad usage before any command runs', async () => {
    for (const args of [['export'], ['export', '--project', '0'], ['import', '--project', '1', '--strategy', 'sideways', 'x.json'], ['import', '--project', '1', '--strategy', 'skip'], ['export', '--project', '1', '--nope']]) {
      const run = await parse(...args);
      expect({ args, exitCode: run.exitCode, ran: run.ran }).toEqual({ args, exitCode: 1, ran: [] });
      expect(run.err).toMatch(/^error: /);
    }
    expect((await parse('export', '--project', '7', '--json')).ran).toEqual(['gateway']);
  });
});
