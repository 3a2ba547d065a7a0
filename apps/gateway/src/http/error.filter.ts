import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import {
  AuthenticationError,
  type ErrorBody,
  InternalError,
  NotFoundError,
  PayloadTooLargeError,
  StrataError,
  UnsupportedMediaTypeError,
  ValidationError,
} from '@strata/contracts';

/**
 * The one place an error becomes an HTTP answer: every failure leaves the gateway as SPEC §4's
 * `{type, code, detail, attr}` with its status, whether a service raised it, fastify refused the body, or Nest found
 * no route.
 */
@Catch()
export class HttpErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('HttpErrorFilter');

  catch(exception: unknown, host: ArgumentsHost): void {
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    const error = toStrataError(exception);
    if (error instanceof InternalError) this.logger.error(exception instanceof Error ? exception.stack : String(exception));
    const body: ErrorBody = error.toBody();
    void reply.status(error.status).header('content-type', 'application/json; charset=utf-8').send(body);
  }
}

export function toStrataError(exception: unknown): StrataError {
  if (exception instanceof StrataError) return exception;
  const fastifyCode = typeof exception === 'object' && exception !== null ? (exception as { code?: unknown }).code : undefined;
  if (fastifyCode === 'FST_ERR_CTP_BODY_TOO_LARGE') return new PayloadTooLargeError();
  if (fastifyCode === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') return new UnsupportedMediaTypeError();
  // The router's refusals: a path parameter over 100 characters, or escaped badly, names nothing.
  if (fastifyCode === 'FST_ERR_MAX_PARAM_LENGTH' || fastifyCode === 'FST_ERR_BAD_URL') return new NotFoundError();
  if (typeof fastifyCode === 'string' && fastifyCode.startsWith('FST_ERR_CTP_')) {
    return new ValidationError(`Request body could not be read: ${(exception as Error).message}`, null, 'parse_error');
  }
  if (exception instanceof SyntaxError) return new ValidationError(`Malformed JSON: ${exception.message}`, null, 'parse_error');
  if (exception instanceof HttpException) return fromNestHttpException(exception);
  return new InternalError();
}

function fromNestHttpException(exception: HttpException): StrataError {
  switch (exception.getStatus()) {
    case 400:
      return new ValidationError(exception.message, null, 'parse_error');
    case 401:
      return new AuthenticationError();
    case 404:
      return new NotFoundError();
    case 413:
      return new PayloadTooLargeError();
    case 415:
      return new UnsupportedMediaTypeError();
    default:
      return new InternalError();
  }
}
