// The baselines' servers, in a process of their own (as the gateway and the projects service are): a bare fastify
// handler and a bare NATS request/reply echo. Prints `{"port": …}` once both listen; stops on SIGTERM.
import Fastify from 'fastify';
import { connect } from 'nats';

async function main(): Promise<void> {
  const subject = process.env.ECHO_SUBJECT ?? 'bench.echo';
  const nc = await connect({ servers: process.env.NATS_URL ?? 'nats://127.0.0.1:4222', name: 'bench-gateway-echo' });
  nc.subscribe(subject, { callback: (_error, msg) => msg.respond(msg.data) });
  await nc.flush();
  const app = Fastify();
  const body = { id: 1, name: 'Production', api_token: 'phc_bench' };
  app.get('/bare', async () => body);
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  process.stdout.write(`${JSON.stringify({ port: typeof address === 'object' && address ? address.port : 0 })}\n`);
  process.once('SIGTERM', () => void Promise.all([app.close(), nc.drain()]).then(() => process.exit(0)));
}

void main();
