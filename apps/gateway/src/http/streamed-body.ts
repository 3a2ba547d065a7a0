import type { Readable } from 'node:stream';
import { type FastifyAdapter, type NestFastifyApplication, RouteConfig } from '@nestjs/platform-fastify';
import { errorCodes, type FastifyRequest } from 'fastify';

/**
 * A route may take its JSON body as it arrives instead of parsed whole (an import file of 64 MiB): marked with
 * `StreamedBody.route()`, its handler receives `StreamedBody` and reads the stream itself, under its own limit. Every
 * other JSON body is read and parsed as fastify does (its limit, its length check, its parser), which this replaces.
 */
const STREAMED = 'streamedBody';

export class StreamedBody {
  constructor(readonly stream: Readable) {}

  /** The route decorator: this route's body is a `StreamedBody`. */
  static route(): MethodDecorator {
    return RouteConfig({ [STREAMED]: true });
  }
}

export function acceptStreamedBodies(app: NestFastifyApplication, limit: number): void {
  // Nest registers its parsers when the app starts, unless they are already: then this one replaces its JSON parser.
  (app.getHttpAdapter() as FastifyAdapter).registerParserMiddleware();
  const fastify = app.getHttpAdapter().getInstance();
  const parse = fastify.getDefaultJsonParser('remove', 'remove');
  fastify.removeContentTypeParser('application/json');
  fastify.addContentTypeParser('application/json', (request, payload, done) => {
    if ((request.routeOptions.config as { streamedBody?: unknown }).streamedBody === true) return done(null, new StreamedBody(payload as unknown as Readable));
    wholeBody(request, payload as unknown as Readable, limit).then(
      (text) => parse(request, text, done),
      (error: Error) => done(error, undefined),
    );
  });
}

/** The body as text, as fastify reads it for its own parser: refused past `limit`, and when shorter than announced. */
function wholeBody(request: FastifyRequest, payload: Readable, limit: number): Promise<string> {
  const announced = Number(request.headers['content-length']);
  if (announced > limit) return Promise.reject(new errorCodes.FST_ERR_CTP_BODY_TOO_LARGE());
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let received = 0;
    const onData = (chunk: Buffer) => {
      received += chunk.length;
      if (received <= limit) return void chunks.push(chunk);
      stop();
      reject(new errorCodes.FST_ERR_CTP_BODY_TOO_LARGE());
    };
    const onEnd = (error?: Error) => {
      stop();
      if (error !== undefined) return reject(Object.assign(error, { statusCode: 400 }));
      if (!Number.isNaN(announced) && received !== announced) return reject(new errorCodes.FST_ERR_CTP_INVALID_CONTENT_LENGTH());
      resolve(Buffer.concat(chunks).toString('utf8'));
    };
    const stop = () => {
      payload.off('data', onData);
      payload.off('end', onEnd);
      payload.off('error', onEnd);
    };
    payload.on('data', onData);
    payload.on('end', onEnd);
    payload.on('error', onEnd);
    payload.resume();
  });
}
