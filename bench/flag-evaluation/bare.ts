// The baseline: bare fastify answering the bytes the gateway answered (BARE_BODY_FILE) on BARE_METHOD BARE_PATH, in a
// process of its own as the gateway is; with BARE_ETAG, 304 to an `If-None-Match` naming it, as the gateway does.
// Prints `{"port": …}` once it listens; stops on SIGTERM.
import { readFileSync } from 'node:fs';
import Fastify from 'fastify';

async function main(): Promise<void> {
  const body = readFileSync(process.env.BARE_BODY_FILE ?? '', 'utf8');
  const etag = process.env.BARE_ETAG;
  const app = Fastify();
  app.route({
    method: process.env.BARE_METHOD === 'GET' ? 'GET' : 'POST',
    url: process.env.BARE_PATH ?? '/',
    handler: (request, reply) => {
      if (etag !== undefined) void reply.header('etag', etag);
      if (etag !== undefined && request.headers['if-none-match'] === etag) return reply.status(304).send();
      return reply.header('content-type', 'application/json; charset=utf-8').send(body);
    },
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  process.stdout.write(`${JSON.stringify({ port: typeof address === 'object' && address ? address.port : 0 })}\n`);
  process.once('SIGTERM', () => void app.close().then(() => process.exit(0)));
}

void main();
