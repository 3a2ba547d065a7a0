// Makes sure Debian's /usr/bin/chromium is there for the docs-page spec (playwright-core drives it; it never
// downloads a browser of its own). Installs the `chromium` package when running as root with apt-get; otherwise
// says what to do and exits 1, so `npm run test:services` stops with one clear line instead of a launch error.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const CHROMIUM = '/usr/bin/chromium';

function hasAptGet() {
  return spawnSync('sh', ['-c', 'command -v apt-get'], { stdio: 'ignore' }).status === 0;
}

function install() {
  process.stdout.write('ensure-chromium: installing Debian package chromium (apt-get)\n');
  const quiet = { stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } };
  execFileSync('apt-get', ['update'], quiet);
  execFileSync('apt-get', ['install', '-y', '--no-install-recommends', 'chromium'], quiet);
}

if (existsSync(CHROMIUM)) process.exit(0);
if (process.getuid?.() === 0 && hasAptGet()) {
  try {
    install();
  } catch (error) {
    process.stderr.write(`ensure-chromium: apt-get could not install chromium (${error.message.split('\n')[0]})\n`);
    process.exit(1);
  }
  if (existsSync(CHROMIUM)) process.exit(0);
}
process.stderr.write(
  `ensure-chromium: ${CHROMIUM} is missing; install it with \`sudo apt-get install -y chromium\` (Debian/Ubuntu) ` +
    'and run the tests again: the docs-page spec drives it headless.\n',
);
process.exit(1);
