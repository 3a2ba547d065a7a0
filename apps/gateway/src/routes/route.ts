import type { Type } from '@nestjs/common';
import type { CursorTextPage, Page, projects, TextPage, Versioned } from '@strata/contracts';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import type { Invalidation } from '../auth/cache-invalidation';
import type { RequestOf, ResponseOf, ServiceClient, ServiceSubject } from '../service-client';

export type HttpMethod = 'get' | 'post' | 'patch' | 'delete';

/** Path parameters by name: `pathId`/`pathUuid` (anything else names nothing: 404) or any zod rule (400). */
export type ParamRules = Record<string, z.ZodType>;
export type ParamValues<Rules extends ParamRules> = z.output<z.ZodObject<Rules>>;

/** What a route's handler knows: who asks, and the path, query and body as validated. */
export interface RouteInput<Params, Query, Body> {
  principal: projects.Principal;
  params: Params;
  query: Query;
  body: Body;
  /** From `If-Match` (PATCH and DELETE only). */
  ifMatch: number | undefined;
}

/** What a mapping answer may use besides the body: the request's URL (for links), the message sent, and the services. */
export interface AnswerContext<Request = unknown> {
  url: string;
  client: ServiceClient;
  request: Request;
}

/**
 * How the service's answer becomes the HTTP answer: `entity` serves `result` with `ETag: W/"<version>"`; `page`
 * wraps a page the service cut (its items' JSON text spliced in as it is), `cursor` a cursor-cut page (SPEC §10) the
 * same way, `whole` a complete list the gateway cuts;
 * `none` is 204; a function maps the body.
 */
export type Answer<Response, Request = unknown> =
  | (Response extends Versioned<unknown> ? 'entity' : never)
  | (Response extends TextPage<unknown> ? 'page' : never)
  | (Response extends CursorTextPage<unknown> ? 'cursor' : never)
  | (Response extends Page<unknown> ? 'whole' : never)
  | 'none'
  | ((response: Response, context: AnswerContext<Request>) => unknown);

/** One row of a route table, as written: everything alike between routes is a field. */
export interface RouteSpec<Subject extends ServiceSubject, Params extends ParamRules, Query extends z.ZodType, Body extends z.ZodType> {
  /** The operation's name (`Environments_get` in the document). */
  name: string;
  method: HttpMethod;
  /** Relative to the group's prefixes; a trailing `/` marks a collection, served with and without it. */
  path: string;
  summary: string;
  params: Params;
  /** `IGNORED` when the route reads no query string / no body. */
  query: Query;
  body: Body;
  subject: Subject;
  /** The message for the service; may ask other services first (which project an environment belongs to). */
  request(input: RouteInput<ParamValues<Params>, z.output<Query>, z.output<Body>>, client: ServiceClient): RequestOf<Subject> | Promise<RequestOf<Subject>>;
  answer: Answer<ResponseOf<Subject>, RequestOf<Subject>>;
  /** `If-Match` is read for PATCH and DELETE, and for a POST that changes one versioned thing (a restore) when said. */
  preconditioned?: boolean;
  /** 200 unless said: 201 for creations, 202 for jobs that run after the answer. */
  status?: 200 | 201 | 202;
  /** The response body's DTO, for the document. */
  response?: Type<unknown>;
  /** The error statuses the route can answer besides 503 (and the 401 its controller's credential documents). */
  errors: number[];
  /** The cached principals the change makes stale, dropped before the answer leaves (`auth/cache-invalidation`). */
  invalidates?: (input: RouteInput<ParamValues<Params>, z.output<Query>, z.output<Body>>, response: ResponseOf<Subject>) => Invalidation | undefined;
}

/** What the table's machinery needs of a row, its types closed over in `execute`. */
export interface Route {
  name: string;
  method: HttpMethod;
  path: string;
  summary: string;
  params: ParamRules;
  query: z.ZodType;
  body: z.ZodType;
  status: 200 | 201 | 202 | 204;
  response?: Type<unknown>;
  errors: number[];
  execute(context: RouteContext): Promise<unknown>;
}

export interface RouteContext {
  request: FastifyRequest;
  reply: FastifyReply;
  client: ServiceClient;
  dropCached(invalidation: Invalidation): void;
}
