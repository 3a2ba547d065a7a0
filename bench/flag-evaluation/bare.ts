// The baseline: bare fastify answering, to the same POST, the JSON the gateway answered (read from BARE_BODY_FILE),
// in a process of its own as the gateway is. Prints `{"port": …}` once it listens; stops on SIGTERM.
import { readFileSync } from 'node:fs';
import Fastify from 'fastify';

async function main(): Promise<void> {
  const body = JSON.parse(readFileSync(process.env.BARE_BODY_FILE ?? '', 'utf8')) as unknown;
  const app = Fastify();
  app.post('/api/v1/identities/', async () => body);
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  process.stdout.write(`${JSON.stringify({ port: typeof address === 'object' && address ? address.port : 0 })}\n`);
  process.once('SIGTERM', () => void app.close().then(() => process.exit(0)));
}

void main();
