import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort, strata } from '@strata/testing';

/** Each `strata` run is a process compiling its source: on a loaded machine one takes seconds. */
jest.setTimeout(120_000);

/**
 * `strata` as a user runs it (issue 22), with no system behind it: its files are checked before any request, so a
 * problem with one is exit 2 in one line — never the gateway's exit 1 ("fetch failed", STRATA_URL answers nothing).
 */
describe('strata, run as a process, before any request', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'strata-cli-'));
  let env: Record<string, string>;

  beforeAll(async () => {
    env = { STRATA_URL: `http://127.0.0.1:${await freePort()}`, STRATA_API_KEY: 'no gateway answers this' };
  });

  /** A usage error: exit 2, one line on stderr beginning `strata: `, nothing on stdout. */
  const expectUsageError = async (args: string[], message: string) => {
    const run = await strata(args, env);
    expect(run).toEqual({ code: 2, stdout: '', stderr: `strata: ${message}\n` });
  };

  it('prints the version of the package', async () => {
    const { version } = JSON.parse(readFileSync(path.resolve(__dirname, '../../../package.json'), 'utf8')) as { version: string };
    expect(await strata(['--version'], env)).toEqual({ code: 0, stdout: `${version}\n`, stderr: '' });
  });

  it('shows the environment variables and exit codes in --help, exit 0', async () => {
    const run = await strata(['export', '--help'], env);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/Environment variables:\n {2}STRATA_URL +the gateway \(default: http:\/\/localhost:8000\)\n {2}STRATA_API_KEY/);
    expect(run.stdout).toMatch(/Exit codes:\n {2}0 {2}done/);
  });

  it('refuses an output path in a missing directory or not writable, and creates no file', async () => {
    const missing = path.join(dir, 'missing', 'out.json');
    await expectUsageError(['export', '--project', '1', '-o', missing], `cannot write ${missing}: the directory ${path.dirname(missing)} does not exist`);
    await expectUsageError(['export', '--project', '1', '-o', dir], `cannot write ${dir}: it is a directory`);
    // /sys refuses new files even to root, whom permissions do not stop.
    await expectUsageError(['export', '--project', '1', '-o', '/sys/strata-export.json'], 'cannot write /sys/strata-export.json: permission denied');
    await expectUsageError(['export', '--project', '1', '--json', '-o', '/sys/strata-export.json'], 'cannot write /sys/strata-export.json: permission denied');
    expect(existsSync(path.dirname(missing))).toBe(false);
  });

  it('checks a writable path without changing or leaving a file, then asks the gateway (exit 1 when none answers)', async () => {
    const existing = path.join(dir, 'existing.json');
    writeFileSync(existing, 'kept');
    const fresh = path.join(dir, 'fresh.json');
    for (const out of [existing, fresh]) {
      const run = await strata(['export', '--project', '1', '-o', out], env);
      expect(run).toMatchObject({ code: 1, stdout: '' });
      expect(run.stderr).toMatch(/^strata: fetch failed/);
    }
    expect(readFileSync(existing, 'utf8')).toBe('kept');
    expect(existsSync(fresh)).toBe(false);
  });

  it('refuses an import file that is missing, a directory or unreadable, in one line', async () => {
    const missing = path.join(dir, 'nope.json');
    await expectUsageError(['import', '--project', '1', '--strategy', 'skip', missing], `cannot read ${missing}: no such file`);
    await expectUsageError(['import', '--project', '1', '--strategy', 'skip', '--json', dir], `cannot read ${dir}: it is a directory`);
    const locked = path.join(dir, 'locked');
    mkdirSync(locked);
    writeFileSync(path.join(locked, 'file.json'), '{}');
    chmodSync(locked, 0o000);
    // Root reads through permissions: there the locked directory's file is readable and the gateway is asked instead.
    const run = await strata(['import', '--project', '1', '--strategy', 'skip', path.join(locked, 'file.json')], env);
    chmodSync(locked, 0o700);
    if (process.getuid?.() === 0) expect(run).toMatchObject({ code: 1, stdout: '' });
    else expect(run).toEqual({ code: 2, stdout: '', stderr: `strata: cannot read ${path.join(locked, 'file.json')}: permission denied\n` });
  });
});
