import { applyDecorators, HttpCode } from '@nestjs/common';
import { ApiResponse, ApiSecurity } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { ErrorDto } from '../api/dtos';
import { etagOf } from './etag';

/**
 * A collection path answers with and without its trailing slash (SPEC §4 writes `…/projects/`). Nest strips one
 * trailing slash from a route path, so `'//'` is how one survives.
 */
export function collection(path = ''): string[] {
  return [path, `${path}//`];
}

const ERROR_DESCRIPTIONS: Record<number, string> = {
  400: 'validation_error: bad JSON, wrong types, missing or unknown fields (`attr` names the field)',
  401: 'authentication_error: no key, bad key, revoked key',
  403: 'permission_denied: visible, but the level is insufficient',
  404: 'not_found: absent, or not visible to this key',
  409: 'conflict: duplicate or version conflict',
  412: 'precondition_failed: If-Match does not match the ETag',
  413: 'payload_too_large',
  429: 'too_many_streams: the key holds its cap of open SDK streams on this instance',
  503: 'unavailable: a service did not answer in time',
};

/** The security scheme of a personal API key, which every `ApiController` route asks for. */
export const PERSONAL_API_KEY = 'personal_api_key';

/** Documents the error answers a route can give, each with the SPEC error body; 503 is always possible. */
export function ApiErrors(...statuses: number[]): MethodDecorator {
  const all = [...new Set([...statuses, 503])].sort();
  return applyDecorators(...all.map((status) => ApiResponse({ status, description: ERROR_DESCRIPTIONS[status], type: ErrorDto })));
}

/**
 * The credential a controller's routes ask for, and so their 401: said once beside the scheme, so a route that asks
 * for none (signup, `/i/v0/resolve`) documents no 401 it cannot answer.
 */
export function ApiCredential(scheme: string): ClassDecorator {
  return applyDecorators(ApiSecurity(scheme), ApiResponse({ status: 401, description: ERROR_DESCRIPTIONS[401], type: ErrorDto }));
}

/** `DELETE` answers 204 with no body. */
export function NoContent(): MethodDecorator {
  return applyDecorators(HttpCode(204), ApiResponse({ status: 204, description: 'done' }));
}

/** A single entity: its body, with `ETag: W/"<version>"` for a later `If-Match`. */
export function withEtag<T>(reply: FastifyReply, versioned: { result: T; version: number }): T {
  void reply.header('etag', etagOf(versioned.version));
  return versioned.result;
}
