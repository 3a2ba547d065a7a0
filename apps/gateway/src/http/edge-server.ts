import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import { PayloadTooLargeError, RequestRefusedError, type StrataError, UnsupportedMediaTypeError, ValidationError } from '@strata/contracts';
import type { ServiceOptions } from '@strata/service-kit';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { toStrataError } from './error.filter';

type HttpOptions = ReturnType<NonNullable<ServiceOptions['http']>>;

/**
 * The gateway's fastify options. What fastify or Node refuse before a route runs gets SPEC §4's error body too:
 * fastify's router (`frameworkErrors`: a path parameter over 100 characters or badly escaped names nothing, 404) and
 * Node's HTTP parser (`clientErrorHandler`: headers over 16 KB, a NUL byte in a header, a request too slow to arrive).
 * A `__proto__` or `constructor.prototype` key is dropped from the parsed body rather than refusing it whole: a resolve
 * batch must not fail for one event's property names, and nothing can reach a prototype either way.
 */
export function edgeServerOptions(bodyLimit: number): HttpOptions {
  return {
    bodyLimit,
    onProtoPoisoning: 'remove',
    onConstructorPoisoning: 'remove',
    frameworkErrors: (error, _request, reply) => void sendError(reply, toStrataError(error)),
    clientErrorHandler: answerClientError,
  };
}

function sendError(reply: FastifyReply, error: StrataError): FastifyReply {
  return reply.status(error.status).header('content-type', 'application/json; charset=utf-8').send(error.toBody());
}

/** Node's `clientError`: the request could not be parsed, so the answer is written to the socket as bytes. */
export function answerClientError(error: Error & { code?: string }, socket: Socket): void {
  // A reset connection has nobody left to answer.
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  if (socket.writable) socket.write(rawResponse(clientErrorOf(error)));
  socket.destroy();
}

export function clientErrorOf(error: { code?: string }): StrataError {
  switch (error.code) {
    case 'HPE_HEADER_OVERFLOW':
      return new RequestRefusedError(431, 'headers_too_large', 'The request headers are larger than the server accepts (16 KB).');
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return new RequestRefusedError(408, 'request_timeout', 'The request did not arrive in time.');
    default:
      return new ValidationError('The request is not valid HTTP (a header with a forbidden character, or a malformed request line).', null, 'malformed_request');
  }
}

export function rawResponse(error: StrataError): string {
  const body = JSON.stringify(error.toBody());
  return [
    `HTTP/1.1 ${error.status} ${STATUS_CODES[error.status] ?? ''}`,
    'Content-Type: application/json; charset=utf-8',
    `Content-Length: ${Buffer.byteLength(body)}`,
    'Connection: close',
    '',
    body,
  ].join('\r\n');
}

/**
 * The API speaks JSON (SPEC §4): a request that carries a body of another media type — a form, XML, text, or none
 * named — is refused with 415 before any parser sees it, whatever parsers fastify or Nest have registered.
 */
export async function refuseNonJsonBodies(request: FastifyRequest): Promise<void> {
  if (!carriesBody(request) || isJson(request.headers['content-type'])) return;
  throw new UnsupportedMediaTypeError();
}

function carriesBody(request: FastifyRequest): boolean {
  const length = request.headers['content-length'];
  return request.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
}

function isJson(contentType: string | undefined): boolean {
  return contentType?.split(';', 1)[0].trim().toLowerCase() === 'application/json';
}

/** Past this, an announced body is not read to the end before refusing it: the connection is closed instead. */
const MAX_DRAINED_BYTES = 256 * 1024 * 1024;

/**
 * A body whose announced length is over the limit is refused with 413 — after reading it to the end and discarding
 * it (up to 256 MB), then keeping the connection. Fastify's own check answers before reading and closes the connection,
 * and a client still sending its body (a browser uploading an import file) then sees a failed write instead of the
 * 413 it was sent. Bodies without a length (chunked) are left to fastify's limit.
 */
export function refuseOversizedBodies(limit: number): (request: FastifyRequest) => Promise<void> {
  return async (request) => {
    const length = Number(request.headers['content-length'] ?? 0);
    if (!(length > limit)) return;
    if (length <= MAX_DRAINED_BYTES) await drained(request.raw);
    throw new PayloadTooLargeError();
  };
}

function drained(stream: NodeJS.ReadableStream): Promise<void> {
  return new Promise((resolve) => {
    stream.once('end', resolve);
    stream.once('error', () => resolve());
    stream.once('close', () => resolve());
    stream.resume();
  });
}
