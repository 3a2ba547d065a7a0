/**
 * The one error hierarchy of Strata. Services throw these; they cross NATS as their `ErrorBody` and the gateway maps
 * them once to HTTP. The body is SPEC §4's `{type, code, detail, attr}`, plus optional extra fields
 * (`dependents`, `errors`, …) that a caller needs to act on the error.
 */
export type ErrorType = 'validation_error' | 'authentication_error' | 'invalid_request' | 'server_error';

export interface ErrorBody {
  type: ErrorType;
  code: string;
  detail: string;
  attr: string | null;
  [extra: string]: unknown;
}

/** A wire error: `status` is the HTTP status the gateway answers with. */
export interface WireError extends ErrorBody {
  status: number;
}

export abstract class StrataError extends Error {
  abstract readonly status: number;
  abstract readonly type: ErrorType;
  readonly code: string;
  readonly attr: string | null;
  readonly extra: Record<string, unknown>;

  protected constructor(code: string, detail: string, attr: string | null = null, extra: Record<string, unknown> = {}) {
    super(detail);
    this.name = new.target.name;
    this.code = code;
    this.attr = attr;
    this.extra = extra;
  }

  get detail(): string {
    return this.message;
  }

  toBody(): ErrorBody {
    return { ...this.extra, type: this.type, code: this.code, detail: this.message, attr: this.attr };
  }

  toWire(): WireError {
    return { ...this.toBody(), status: this.status };
  }
}

export class ValidationError extends StrataError {
  readonly status = 400;
  readonly type = 'validation_error' as const;
  constructor(detail: string, attr: string | null = null, code = 'invalid_input', extra: Record<string, unknown> = {}) {
    super(code, detail, attr, extra);
  }
}

export class AuthenticationError extends StrataError {
  readonly status = 401;
  readonly type = 'authentication_error' as const;
  constructor(detail = 'Authentication credentials were not provided or are invalid.', code = 'not_authenticated') {
    super(code, detail);
  }
}

export class PermissionDeniedError extends StrataError {
  readonly status = 403;
  readonly type = 'authentication_error' as const;
  constructor(detail = 'You do not have permission to perform this action.') {
    super('permission_denied', detail);
  }
}

export class NotFoundError extends StrataError {
  readonly status = 404;
  readonly type = 'invalid_request' as const;
  constructor(detail = 'Not found.') {
    super('not_found', detail);
  }
}

export class ConflictError extends StrataError {
  readonly status = 409;
  readonly type = 'invalid_request' as const;
  constructor(detail: string, code = 'conflict', attr: string | null = null, extra: Record<string, unknown> = {}) {
    super(code, detail, attr, extra);
  }
}

export class PreconditionFailedError extends StrataError {
  readonly status = 412;
  readonly type = 'invalid_request' as const;
  constructor(detail = 'The entity changed since you read it (If-Match does not match its ETag).') {
    super('precondition_failed', detail);
  }
}

export class PayloadTooLargeError extends StrataError {
  readonly status = 413;
  readonly type = 'invalid_request' as const;
  constructor(detail = 'Request body is larger than allowed.') {
    super('payload_too_large', detail);
  }
}

/** A client holds more of a limited resource than it may (SDK streams per key): it must close one first. */
export class TooManyRequestsError extends StrataError {
  readonly status = 429;
  readonly type = 'invalid_request' as const;
  constructor(detail: string, code = 'too_many_requests') {
    super(code, detail);
  }
}

/** The body is not JSON (`Content-Type` other than `application/json`): the API speaks JSON only. */
export class UnsupportedMediaTypeError extends StrataError {
  readonly status = 415;
  readonly type = 'invalid_request' as const;
  constructor(detail = 'Request bodies must be JSON (Content-Type: application/json).') {
    super('unsupported_media_type', detail);
  }
}

/** Node refused the request before any route saw it: headers over its limit (431), or too slow to arrive (408). */
export class RequestRefusedError extends StrataError {
  readonly type = 'invalid_request' as const;
  constructor(
    readonly status: 408 | 431,
    code: 'request_timeout' | 'headers_too_large',
    detail: string,
  ) {
    super(code, detail);
  }
}

export class ServiceUnavailableError extends StrataError {
  readonly status = 503;
  readonly type = 'server_error' as const;
  constructor(detail = 'A service did not answer in time.', code = 'unavailable') {
    super(code, detail);
  }
}

export class InternalError extends StrataError {
  readonly status = 500;
  readonly type = 'server_error' as const;
  constructor(detail = 'Internal server error.') {
    super('error', detail);
  }
}

/** Rebuilds the typed error from what crossed the wire (unknown shapes become an InternalError). */
export function errorFromWire(wire: unknown): StrataError {
  if (!isWireError(wire)) return new InternalError();
  const { status, type: _type, code, detail, attr, ...extra } = wire;
  switch (status) {
    case 400:
      return new ValidationError(detail, attr, code, extra);
    case 401:
      return new AuthenticationError(detail, code);
    case 403:
      return new PermissionDeniedError(detail);
    case 404:
      return new NotFoundError(detail);
    case 409:
      return new ConflictError(detail, code, attr, extra);
    case 412:
      return new PreconditionFailedError(detail);
    case 413:
      return new PayloadTooLargeError(detail);
    case 503:
      return new ServiceUnavailableError(detail, code);
    default:
      return new InternalError(detail);
  }
}

export function isWireError(value: unknown): value is WireError {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.status === 'number' && typeof v.type === 'string' && typeof v.code === 'string' && typeof v.detail === 'string';
}
