import type { LoggerService } from '@nestjs/common';
import { Headers, InternalError, isWireError, projects, StrataError, type MessageContext, type WireError } from '@strata/contracts';
import type { MsgHdrs } from 'nats';
import { newContext } from './context';
import { decodeWithJsonText, encodeWithJsonText, type EncodedBody } from './json-text-codec';

/**
 * What arrived on an RPC subject: Nest's envelope (`{pattern, data, id}` from a Nest client or `RpcClient`), Nest's
 * event envelope (no `id`: no reply expected), or any other JSON, which is the payload itself (SPEC §5: a pipeline in
 * any language sends `nats req ingestion.resolve '{"events": [...]}'`).
 */
export type RpcRequest =
  | { kind: 'nest'; id: string; data: unknown }
  | { kind: 'nest-event'; data: unknown }
  | { kind: 'raw'; data: unknown }
  | { kind: 'invalid'; reason: string };

export type RpcOutcome = { response: unknown } | { err: WireError };

/** Nest's reply envelope, as `ClientNats` and `RpcClient` read it. */
export interface NestReply {
  id: string;
  response?: unknown;
  err?: unknown;
  isDisposed: true;
}

const decoder = new TextDecoder();
const encoder = new TextEncoder();

export function decodeRequest(body: Uint8Array): RpcRequest {
  if (body.length === 0) return { kind: 'raw', data: undefined };
  let value: unknown;
  try {
    value = JSON.parse(decoder.decode(body));
  } catch {
    return { kind: 'invalid', reason: 'The request body is not valid JSON.' };
  }
  if (!isNestEnvelope(value)) return { kind: 'raw', data: value };
  return typeof value.id === 'string' ? { kind: 'nest', id: value.id, data: value.data } : { kind: 'nest-event', data: value.data };
}

/**
 * A Nest request answers in Nest's envelope; a raw one gets the bare result or the bare wire error. The response's
 * `JsonText` fields travel as their bytes (`json-text-codec`), with the header that says where.
 */
export function encodeReply(request: RpcRequest, outcome: RpcOutcome): EncodedBody {
  const response = 'response' in outcome ? outcome.response : undefined;
  if (request.kind === 'nest') {
    const reply: NestReply = { id: request.id, ...outcome, isDisposed: true };
    return encodeWithJsonText(reply, response);
  }
  const body = 'err' in outcome ? outcome.err : outcome.response;
  return encodeWithJsonText(body ?? null, response);
}

export function encodeRequest(pattern: string, data: unknown, id: string): Uint8Array {
  return encoder.encode(JSON.stringify({ pattern, data, id }));
}

/** Nest's reply envelope; the response's `JsonText` fields, if the header names any, stay bytes. */
export function decodeReply(body: Uint8Array, headers?: MsgHdrs): Partial<NestReply> {
  return decodeWithJsonText(body, headers, (reply) => (reply as Partial<NestReply>).response) as Partial<NestReply>;
}

/**
 * The error a caller receives. Strata errors cross as they are; anything else is a bug: logged here with its stack,
 * and answered as an InternalError that leaks nothing of it.
 */
export function toWireError(error: unknown, logger: LoggerService, subject: string): WireError {
  if (error instanceof StrataError) return error.toWire();
  if (isWireError(error)) return error;
  logger.error(`unhandled error answering ${subject}: ${error instanceof Error ? error.message : String(error)}`, error instanceof Error ? error.stack : undefined);
  return new InternalError().toWire();
}

/** The request's context from its headers; a caller that sent none starts a new correlation. */
/**
 * The request's context from its headers. A request made for an authenticated principal is that principal's act:
 * its user is the actor whatever the `x-actor` header claims, so events record who really acted.
 */
export function contextOfRequest(headers: MsgHdrs | undefined, request?: RpcRequest): MessageContext {
  const actor = principalActorOf(request) ?? (headers?.get(Headers.actor) || 'anonymous');
  const fresh = newContext(actor, headers?.get(Headers.correlationId) || undefined);
  const causationId = headers?.get(Headers.causationId);
  return causationId ? { ...fresh, causationId } : fresh;
}

function principalActorOf(request: RpcRequest | undefined): string | undefined {
  if (request === undefined || request.kind === 'invalid' || !isObject(request.data)) return undefined;
  const principal = request.data.principal;
  return isObject(principal) && typeof principal.userId === 'string' ? projects.actorOf({ userId: principal.userId }) : undefined;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isNestEnvelope(value: unknown): value is { pattern: unknown; data?: unknown; id?: unknown } {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && 'pattern' in value;
}
