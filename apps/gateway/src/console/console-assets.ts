import { createReadStream, existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { NotFoundError } from '@strata/contracts';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

/** Paths that belong to the API and the probes: an unknown one stays a JSON 404, never the console's page. */
const API_PATHS = /^\/(api|i|ofrep|_health|_ready|metrics)(\/|$)/;

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'application/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.woff2': 'font/woff2',
};

/**
 * The console's page allows nothing from another host (SPEC §9): scripts, styles and fetches are same-origin only.
 * Inline style attributes are React's `style` prop, set through the DOM, which CSP does not govern.
 */
const CONTENT_SECURITY_POLICY = "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; connect-src 'self'; frame-ancestors 'none'";

/**
 * Serves the built console (`apps/console`, built into `dir` by `infra/build-console.mjs`) at `/`: its hashed assets
 * as files, and `index.html` for every other path outside the API, so a link to `/environments/7/flags` opens that view.
 * Registered as plain fastify routes: the router prefers the API's own routes, which stay as they are.
 */
export function serveConsole(fastify: FastifyInstance, dir: string): boolean {
  const root = path.resolve(dir);
  const index = path.join(root, 'index.html');
  if (!existsSync(index)) return false;
  const handler = (request: FastifyRequest, reply: FastifyReply) => answer(root, index, request, reply);
  fastify.get('/', handler);
  fastify.get('/*', handler);
  return true;
}

function answer(root: string, index: string, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const pathname = decodeSafely(request.url.split('?', 1)[0]);
  if (pathname === undefined || API_PATHS.test(pathname)) return notFound(reply);
  const file = assetOf(root, pathname);
  if (file) {
    const immutable = pathname.startsWith('/assets/');
    return reply
      .type(TYPES[path.extname(file)] ?? 'application/octet-stream')
      .header('cache-control', immutable ? 'public, max-age=31536000, immutable' : 'no-cache')
      .send(createReadStream(file));
  }
  // A missing hashed asset is a real 404; any other path is a view of the single-page app.
  if (pathname.startsWith('/assets/') || path.extname(pathname) !== '') return notFound(reply);
  return reply
    .type(TYPES['.html'])
    .header('cache-control', 'no-cache')
    .header('content-security-policy', CONTENT_SECURITY_POLICY)
    .header('x-content-type-options', 'nosniff')
    .send(createReadStream(index));
}

/** The file under `root` that the path names, if it is one; `..` and the like never leave `root`. */
function assetOf(root: string, pathname: string): string | undefined {
  if (pathname === '/' || pathname.includes('\0')) return undefined;
  const file = path.resolve(root, `.${pathname}`);
  if (!file.startsWith(root + path.sep) || file === path.join(root, 'index.html')) return undefined;
  try {
    return statSync(file).isFile() ? file : undefined;
  } catch {
    return undefined;
  }
}

function decodeSafely(pathname: string): string | undefined {
  try {
    return decodeURIComponent(pathname);
  } catch {
    return undefined;
  }
}

function notFound(reply: FastifyReply): FastifyReply {
  return reply.status(404).header('content-type', 'application/json; charset=utf-8').send(new NotFoundError().toBody());
}

/** Where the console's build is: `CONSOLE_DIR`, else `dist/console` of the working directory (as `npm start` builds it). */
export function consoleDir(configured: string | undefined): string {
  return configured ?? path.resolve('dist/console');
}
