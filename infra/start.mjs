// `npm start`: install if needed, build, make sure Postgres and NATS run, then run every service and the gateway as
// separate processes with prefixed, condensed logs. Ctrl-C stops them all; one failing stops the rest.
// `npm start -- --instances N` (or STRATA_INSTANCES=N) runs N of each, instance k on its port + 10·(k-1): gateways on
// 8000, 8010, …; `--nats-cluster` (or STRATA_NATS_CLUSTER=3) runs them on a local NATS cluster of 3 with R3 streams.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SERVICES = [
  { name: 'projects', port: 8001 },
  { name: 'taxonomy', port: 8002 },
  { name: 'entities', port: 8003 },
  { name: 'ingestion-mapping', port: 8004 },
  { name: 'export', port: 8005 },
  { name: 'flag-evaluation', port: 8006 },
  { name: 'gateway', port: 8000 },
];
const PORT_STEP = 10;
// Above the services' default SHUTDOWN_TIMEOUT_MS (10 s): they get to finish before being killed.
const STOP_GRACE_MS = 15_000;
const READY_WAIT_MS = 60_000;
const color = process.stdout.isTTY && !process.env.NO_COLOR;
const COLORS = [36, 35, 33, 32, 34, 96, 95];
const LEVEL_COLORS = { trace: 90, debug: 90, info: 32, warn: 33, error: 31, fatal: 41 };
const PINO_LEVELS = { 10: 'trace', 20: 'debug', 30: 'info', 40: 'warn', 50: 'error', 60: 'fatal' };
const QUIET_FIELDS = new Set(['time', 'level', 'msg', 'service', 'pid', 'hostname', 'stack', 'err']);

const paint = (code, text) => (color ? `\x1b[${code}m${text}\x1b[0m` : text);
const say = (line) => console.log(`${paint(1, '[start]')} ${line}`);
const options = parseOptions(process.argv.slice(2), process.env);
const APPS = SERVICES.flatMap((service) =>
  Array.from({ length: options.instances }, (_, k) => ({
    ...service,
    label: options.instances > 1 ? `${service.name}-${k + 1}` : service.name,
    port: service.port + PORT_STEP * k,
  })),
);
const width = Math.max(...APPS.map((app) => app.label.length));

const children = new Map();
const failures = [];
let stopping = false;

function step(title, command, args) {
  say(title);
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) fail(`${title.replace(/…$/, '')} failed (${result.error?.message ?? `exit code ${result.status}`})`);
}

function fail(message) {
  console.error(`${paint(31, '[start]')} ${message}`);
  process.exit(1);
}

function parseOptions(argv, env) {
  let instances = env.STRATA_INSTANCES || '1';
  let cluster = env.STRATA_NATS_CLUSTER === '3';
  if (env.STRATA_NATS_CLUSTER && !['3', '1', ''].includes(env.STRATA_NATS_CLUSTER)) fail(`STRATA_NATS_CLUSTER must be 3 (a local cluster of 3) or 1 (got "${env.STRATA_NATS_CLUSTER}")`);
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--instances' && argv[i + 1] !== undefined) instances = argv[++i];
    else if (argv[i].startsWith('--instances=')) instances = argv[i].slice('--instances='.length);
    else if (argv[i] === '--nats-cluster') cluster = true;
    else fail(`unknown argument "${argv[i]}" (usage: npm start -- [--instances N] [--nats-cluster])`);
  }
  if (!/^[1-9]$/.test(String(instances))) fail(`--instances must be a whole number 1-9 (got "${instances}")`);
  if (cluster && env.NATS_URL) fail('--nats-cluster runs its own NATS servers: unset NATS_URL, or leave out --nats-cluster to use it');
  return { instances: Number(instances), cluster };
}

function entryOf(app) {
  return path.join(root, 'dist', 'apps', app.name, 'src', 'main.js');
}

function serviceEnv(app, shared) {
  return { ...process.env, ...shared, SERVICE_NAME: app.name, PORT: String(app.port) };
}

function launch(app, index, shared) {
  const child = spawn(process.execPath, ['--enable-source-maps', entryOf(app)], {
    cwd: root,
    env: serviceEnv(app, shared),
    stdio: ['ignore', 'pipe', 'pipe'],
    // Its own process group: the terminal's Ctrl-C reaches only this runner, which stops the services in order.
    detached: true,
  });
  const prefix = paint(COLORS[index % COLORS.length], `[${app.label.padEnd(width)}]`);
  for (const stream of [child.stdout, child.stderr]) {
    createInterface({ input: stream }).on('line', (line) => console.log(`${prefix} ${condense(line)}`));
  }
  children.set(app.label, { app, child, up: false });
  // 'close', not 'exit': the last lines of its output are printed before it counts as gone.
  child.on('close', (code, signal) => onExit(app, code, signal));
}

/** A pino JSON line becomes `12:00:01.123 INFO  message key=value …`; anything else passes through. */
function condense(line) {
  let entry;
  try {
    entry = JSON.parse(line);
  } catch {
    return line;
  }
  if (typeof entry !== 'object' || entry === null || !('msg' in entry || 'level' in entry)) return line;
  const level = typeof entry.level === 'number' ? PINO_LEVELS[entry.level] ?? String(entry.level) : String(entry.level ?? 'info');
  const time = typeof entry.time === 'string' ? entry.time.slice(11, 23) : new Date(entry.time ?? Date.now()).toISOString().slice(11, 23);
  const extras = Object.entries(entry)
    .filter(([key]) => !QUIET_FIELDS.has(key))
    .map(([key, value]) => `${key}=${typeof value === 'string' ? value : JSON.stringify(value)}`);
  const error = entry.err?.stack ?? entry.stack;
  const text = [paint(90, time), paint(LEVEL_COLORS[level] ?? 0, level.toUpperCase().padEnd(5)), entry.msg ?? '', ...extras].join(' ');
  return error ? `${text}\n${String(error).replace(/^/gm, '    ')}` : text;
}

function onExit(app, code, signal) {
  const entry = children.get(app.label);
  children.delete(app.label);
  if (stopping) {
    if (children.size === 0) finish();
    return;
  }
  const how = signal ? `was killed by ${signal}` : `exited with code ${code}`;
  const when = entry?.up ? 'unexpectedly' : 'while starting';
  failures.push(`${app.label} ${how} ${when}`);
  say(paint(31, `${app.label} ${how} ${when}; stopping the others`));
  process.exitCode = 1;
  stopAll();
}

function stopAll() {
  if (stopping) return forceKill();
  stopping = true;
  if (children.size === 0) return finish();
  say(`stopping ${[...children.keys()].join(', ')}…`);
  for (const { child } of children.values()) signal(child, 'SIGTERM');
  setTimeout(() => {
    say(paint(31, `still running after ${STOP_GRACE_MS / 1000} s: ${[...children.keys()].join(', ')}; killing`));
    process.exitCode = 1;
    forceKill();
  }, STOP_GRACE_MS).unref();
}

function forceKill() {
  for (const { child } of children.values()) signal(child, 'SIGKILL');
}

function signal(child, name) {
  try {
    process.kill(child.pid, name);
  } catch {
    // Already gone.
  }
}

function finish() {
  if (failures.length > 0) say(paint(31, `stopped: ${failures.join('; ')}`));
  else say(process.exitCode ? paint(31, 'stopped, with failures') : 'all stopped');
  process.exit(process.exitCode ?? 0);
}

async function waitUntilUp() {
  const deadline = Date.now() + READY_WAIT_MS;
  while (!stopping && Date.now() < deadline) {
    for (const entry of children.values()) {
      if (!entry.up) entry.up = await answersHealth(entry.app.port);
    }
    if ([...children.values()].every((entry) => entry.up)) return report();
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
  if (!stopping) say(paint(33, `not answering /_health after ${READY_WAIT_MS / 1000} s: ${[...children.values()].filter((e) => !e.up).map((e) => e.app.label).join(', ')}`));
}

function answersHealth(port) {
  return fetch(`http://127.0.0.1:${port}/_health`, { signal: AbortSignal.timeout(1_000) }).then((response) => response.ok, () => false);
}

function report() {
  say(paint(32, 'all services are up:'));
  for (const { app } of children.values()) say(`  ${app.label.padEnd(width)}  http://localhost:${app.port}`);
  if (options.cluster) say(`NATS: a local cluster of 3 (${process.env.NATS_URL}), streams with ${process.env.NATS_STREAM_REPLICAS} replicas; \`node infra/nats-cluster.mjs stop\` stops it`);
  say('Ctrl-C stops them all.');
}

async function main() {
  if (!existsSync(path.join(root, 'node_modules'))) step('installing dependencies (npm ci)…', 'npm', ['ci']);
  step('building…', process.execPath, [path.join(root, 'infra', 'build.mjs')]);
  const missing = SERVICES.filter((app) => !existsSync(entryOf(app)));
  if (missing.length > 0) fail(`no build output for ${missing.map((app) => `${app.name} (${path.relative(root, entryOf(app))})`).join(', ')}: is apps/<name>/src/main.ts there?`);
  if (options.cluster) {
    const { ensureNatsCluster } = await import('./nats-cluster.mjs');
    process.env.NATS_URL = (await ensureNatsCluster().catch((error) => fail(`the local NATS cluster did not start: ${error.message}`))).join(',');
    process.env.NATS_STREAM_REPLICAS ||= '3';
  }
  const shared = {
    DATABASE_URL: process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/strata',
    NATS_URL: process.env.NATS_URL || 'nats://127.0.0.1:4222',
  };
  const { ensureLocalServices, MissingService } = await import('./local-services.mjs');
  await ensureLocalServices({ databaseUrl: shared.DATABASE_URL, natsUrl: shared.NATS_URL }).catch((error) => {
    fail(error instanceof MissingService ? `Postgres/NATS not available:\n${error.message}` : String(error.stack ?? error));
  });
  for (const signalName of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signalName, stopAll);
  // If this runner dies without stopping them, the detached services must not live on unnoticed.
  process.on('exit', forceKill);
  APPS.forEach((app, index) => launch(app, index, shared));
  await waitUntilUp();
}

main().catch((error) => fail(String(error.stack ?? error)));
