// `node infra/nats-cluster.mjs start|stop|urls`: a local NATS cluster of 3 with JetStream, the production shape on one
// machine. Used by `npm start -- --nats-cluster`. The nodes run in the background (like the single local NATS) until
// `stop`; each keeps its JetStream store under `<data dir>/nats-cluster/<node>` (data dir: STRATA_DATA_DIR or `.data`).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const NATS_SERVER = '/usr/sbin/nats-server';
const CLUSTER_NAME = 'strata';
const WAIT_MS = 30_000;
/** Loopback ports apart from the single node's 4222/6222: clients 4231-4233, routes 6231-6233. */
export const CLUSTER_NODES = [1, 2, 3].map((n) => ({ name: `strata-n${n}`, clientPort: 4230 + n, routePort: 6230 + n }));

export const clusterUrls = () => CLUSTER_NODES.map((node) => `nats://127.0.0.1:${node.clientPort}`);

const log = (line) => console.log(`nats-cluster: ${line}`);

function clusterDir(dataDir) {
  return path.join(dataDir ?? (process.env.STRATA_DATA_DIR || path.join(root, '.data')), 'nats-cluster');
}

/** The arguments of one node: its own store, routes to the other two, JetStream on. */
export function nodeArgs(node, dir) {
  const routes = CLUSTER_NODES.filter((other) => other !== node).map((other) => `nats://127.0.0.1:${other.routePort}`);
  return [
    '-a', '127.0.0.1', '-p', String(node.clientPort), '-n', node.name,
    '-js', '-sd', path.join(dir, node.name),
    '--cluster_name', CLUSTER_NAME, '--cluster', `nats://127.0.0.1:${node.routePort}`, '--routes', routes.join(','),
    '-l', path.join(dir, `${node.name}.log`),
  ];
}

/** Starts the nodes that are not running and waits until the cluster's JetStream answers; returns the client URLs. */
export async function ensureNatsCluster({ dataDir } = {}) {
  if (!existsSync(NATS_SERVER)) throw new Error(`no ${NATS_SERVER}: install nats-server 2.9+ (apt-get install nats-server), or use docker compose --profile cluster`);
  const dir = clusterDir(dataDir);
  for (const node of CLUSTER_NODES) {
    mkdirSync(path.join(dir, node.name), { recursive: true });
    const pidfile = path.join(dir, `${node.name}.pid`);
    // --pidfile: the node counts as running only if its own pid is alive (the single local NATS runs the same binary).
    const args = ['--start', '--oknodo', '--quiet', '--background', '--make-pidfile', '--pidfile', pidfile, '--exec', NATS_SERVER, '--', ...nodeArgs(node, dir)];
    const result = spawnSync('start-stop-daemon', args, { encoding: 'utf8' });
    if (result.status !== 0) throw new Error(`${node.name} could not be started: ${(result.error?.message ?? result.stderr ?? '').trim() || `exit code ${result.status}`}`);
  }
  await waitForJetStream();
  log(`up: ${clusterUrls().join(',')} (stores under ${dir})`);
  return clusterUrls();
}

/** The cluster answers JetStream requests once its nodes found each other and elected a meta leader. */
async function waitForJetStream() {
  const { connect } = await import('nats');
  const deadline = Date.now() + WAIT_MS;
  let last = 'no answer';
  while (Date.now() < deadline) {
    const nc = await connect({ servers: clusterUrls(), timeout: 1_000 }).catch((error) => {
      last = error.message;
      return undefined;
    });
    if (nc) {
      try {
        await (await nc.jetstreamManager({ timeout: 1_000 })).getAccountInfo();
        return;
      } catch (error) {
        last = error.message;
      } finally {
        await nc.close();
      }
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`the local NATS cluster's JetStream is not answering after ${WAIT_MS / 1000} s (${last}); see ${clusterDir()}/*.log`);
}

/** Stops every node (SIGTERM, which lets JetStream flush); `--wipe` also removes their stores. */
export function stopNatsCluster({ dataDir, wipe = false } = {}) {
  const dir = clusterDir(dataDir);
  for (const node of CLUSTER_NODES) {
    const pidfile = path.join(dir, `${node.name}.pid`);
    if (!existsSync(pidfile)) continue;
    const pid = readFileSync(pidfile, 'utf8').trim();
    spawnSync('start-stop-daemon', ['--stop', '--oknodo', '--quiet', '--retry', 'TERM/10/KILL/5', '--pidfile', pidfile, '--exec', NATS_SERVER]);
    rmSync(pidfile, { force: true });
    log(`${node.name} (pid ${pid}) stopped`);
  }
  if (wipe) rmSync(dir, { recursive: true, force: true });
}

async function main() {
  const [command, ...flags] = process.argv.slice(2);
  if (command === 'start') return ensureNatsCluster();
  if (command === 'stop') return stopNatsCluster({ wipe: flags.includes('--wipe') });
  if (command === 'urls') return console.log(clusterUrls().join(','));
  console.error('usage: node infra/nats-cluster.mjs start | stop [--wipe] | urls');
  process.exit(2);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main().catch((error) => {
    console.error(`nats-cluster: ${error.message}`);
    process.exit(1);
  });
}
