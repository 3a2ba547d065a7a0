// `node infra/local-services.mjs ensure [--database NAME]…`: makes sure Postgres and NATS (JetStream) answer, starting
// the local installations when they are installed but stopped, and creates the databases Strata needs.
// Used by `npm start` (database `strata`) and `npm test` (database `test`). Never needs Docker; says how to use it.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { createConnection } from 'node:net';
import { pathToFileURL } from 'node:url';

const DEFAULT_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/strata';
const DEFAULT_NATS_URL = 'nats://127.0.0.1:4222';
const WAIT_MS = 30_000;
const LOCAL_HOSTS = new Set(['127.0.0.1', 'localhost', '::1', '[::1]']);
const NATS_SERVER = '/usr/sbin/nats-server';
const PG_CTLCLUSTER = '/usr/bin/pg_ctlcluster';
const DOCKER_HINT = 'With Docker instead: `docker compose up -d postgres nats` (then run this again).';

const log = (line) => console.log(`local-services: ${line}`);

class MissingService extends Error {}

/** Checks both services, starts what is local and stopped, waits for it, then creates the databases. */
export async function ensureLocalServices({ databaseUrl = DEFAULT_DATABASE_URL, natsUrl = DEFAULT_NATS_URL, databases } = {}) {
  const postgres = endpoint(databaseUrl, 5432);
  const nats = endpoint(natsUrl.split(',')[0].trim(), 4222);
  const problems = [];
  for (const [service, target, start] of [
    ['Postgres', postgres, startPostgres],
    ['NATS', nats, startNats],
  ]) {
    try {
      await ensureReachable(service, target, start);
    } catch (error) {
      if (!(error instanceof MissingService)) throw error;
      problems.push(error.message);
    }
  }
  if (problems.length > 0) throw new MissingService([...problems, DOCKER_HINT].join('\n'));
  const names = databases ?? [databaseName(databaseUrl)];
  for (const name of names) await createDatabase(databaseUrl, name);
}

async function ensureReachable(service, target, start) {
  if (await answers(target)) return log(`${service} is up at ${target.host}:${target.port}`);
  if (!LOCAL_HOSTS.has(target.host)) {
    throw new MissingService(`${service} at ${target.host}:${target.port} is unreachable, and it is not on this machine, so it cannot be started from here.`);
  }
  log(`${service} is not answering at ${target.host}:${target.port}; starting the local installation`);
  start(target);
  if (!(await waitUntilAnswering(target))) throw new MissingService(`${service} was started but is still not answering at ${target.host}:${target.port} after ${WAIT_MS / 1000} s.`);
  log(`${service} is up at ${target.host}:${target.port}`);
}

function startPostgres() {
  const versions = existsSync('/etc/postgresql') ? readdirSync('/etc/postgresql') : [];
  if (!existsSync(PG_CTLCLUSTER) || versions.length === 0) {
    throw new MissingService('PostgreSQL is not running and not installed here (no pg_ctlcluster or /etc/postgresql/<version>/main). Install PostgreSQL 15+ (apt-get install postgresql).');
  }
  run(PG_CTLCLUSTER, ['--skip-systemctl-redirect', versions.sort().at(-1), 'main', 'start'], 'PostgreSQL');
}

function startNats(target) {
  if (!existsSync(NATS_SERVER)) {
    throw new MissingService(`NATS is not running and not installed here (no ${NATS_SERVER}). Install nats-server 2.10+ (apt-get install nats-server).`);
  }
  mkdirSync('/var/lib/nats-server', { recursive: true });
  const args = ['-a', '127.0.0.1', '-p', String(target.port), '-js', '-sd', '/var/lib/nats-server', '-l', '/var/log/nats-server.log'];
  run('start-stop-daemon', ['--start', '--oknodo', '--background', '--exec', NATS_SERVER, '--', ...args], 'NATS');
}

function run(command, args, service) {
  const result = spawnSync(command, args, { encoding: 'utf8' });
  if (result.status === 0) return;
  const why = (result.error?.message ?? result.stderr ?? '').trim().split('\n')[0] || `exit code ${result.status}`;
  throw new MissingService(`${service} could not be started: \`${command} ${args.join(' ')}\` failed: ${why}`);
}

async function waitUntilAnswering(target) {
  const deadline = Date.now() + WAIT_MS;
  while (Date.now() < deadline) {
    if (await answers(target)) return true;
    await sleep(250);
  }
  return false;
}

function answers({ host, port }) {
  return new Promise((resolve) => {
    const socket = createConnection({ host: host.replace(/^\[|\]$/g, ''), port, timeout: 1_000 });
    const done = (ok) => {
      socket.destroy();
      resolve(ok);
    };
    socket.once('connect', () => done(true));
    socket.once('timeout', () => done(false));
    socket.once('error', () => done(false));
  });
}

/** Creates `name` unless it exists. Retries while Postgres is still starting up (it accepts sockets before queries). */
async function createDatabase(databaseUrl, name) {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(name)) throw new MissingService(`"${name}" is not a plain database name (lower-case letters, digits, _).`);
  const { default: pg } = await import('pg');
  const maintenance = new URL(databaseUrl);
  maintenance.pathname = '/postgres';
  const deadline = Date.now() + WAIT_MS;
  for (;;) {
    const client = new pg.Client({ connectionString: maintenance.toString(), connectionTimeoutMillis: 2_000 });
    try {
      await client.connect();
      const existing = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
      if (existing.rowCount === 0) {
        await client.query(`CREATE DATABASE "${name}"`).catch((error) => {
          if (error.code !== '42P04') throw error; // created meanwhile by another run
        });
        log(`created database ${name}`);
      }
      return;
    } catch (error) {
      if (error.code !== '57P03' || Date.now() > deadline) throw new MissingService(`cannot create database ${name}: ${error.message}`);
      await sleep(250); // 57P03: the database system is starting up
    } finally {
      await client.end().catch(() => undefined);
    }
  }
}

function endpoint(url, defaultPort) {
  const parsed = new URL(url);
  return { host: parsed.hostname, port: Number(parsed.port || defaultPort) };
}

function databaseName(url) {
  return decodeURIComponent(new URL(url).pathname.replace(/^\//, '')) || 'postgres';
}

function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function parseArgs(argv) {
  const [command, ...rest] = argv;
  const databases = [];
  for (let i = 0; i < rest.length; i++) {
    if (rest[i] === '--database' && rest[i + 1]) databases.push(rest[++i]);
    else throw new MissingService(`unknown argument "${rest[i]}"`);
  }
  return { command, databases: databases.length > 0 ? databases : undefined };
}

async function main() {
  const { command, databases } = parseArgs(process.argv.slice(2));
  if (command !== 'ensure') {
    console.error('usage: node infra/local-services.mjs ensure [--database NAME]…');
    process.exit(2);
  }
  await ensureLocalServices({ databaseUrl: process.env.DATABASE_URL || undefined, natsUrl: process.env.NATS_URL || undefined, databases });
}

export { MissingService };

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main().catch((error) => {
    const text = error instanceof MissingService ? error.message : String(error.stack ?? error);
    for (const line of text.split('\n')) console.error(`local-services: ${line}`);
    process.exit(1);
  });
}
