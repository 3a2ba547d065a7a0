import { type CursorTextPage, JsonText, NotFoundError, type Page, type PageRequest, type TextPage, type Versioned } from '@strata/contracts';
import { z } from 'zod';
import { callerOf } from '../auth/request-context';
import { expectedVersionFrom } from '../http/etag';
import { toCursorPageText, toPage, toPageText } from '../http/pagination';
import { withEtag } from '../http/routes';
import { parseInput } from '../http/validation';
import type { ServiceSubject } from '../service-client';
import type { Answer, AnswerContext, ParamRules, ParamValues, Route, RouteContext, RouteInput, RouteSpec } from './route';

/** The query string or body of a route that reads none: whatever comes is ignored, as Nest would. */
export const IGNORED = z.unknown();

const INTEGER_ID = /^[1-9][0-9]{0,14}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A project or environment id in a path. */
export const pathId = z.string().regex(INTEGER_ID).transform(Number);
/** An organization, user, key or definition id in a path (UUIDs, compared lower-case). */
export const pathUuid = z.string().regex(UUID).transform((id) => id.toLowerCase());
const NAMES: ReadonlySet<z.ZodType> = new Set([pathId, pathUuid]);

/** A row of a route table: its types are checked here, then closed over in `execute`. */
export function route<Subject extends ServiceSubject, Params extends ParamRules, Query extends z.ZodType, Body extends z.ZodType>(
  spec: RouteSpec<Subject, Params, Query, Body>,
): Route {
  const params = z.object(spec.params);
  const preconditioned = spec.method === 'patch' || spec.method === 'delete' || spec.preconditioned === true;
  return {
    ...spec,
    status: spec.answer === 'none' ? 204 : (spec.status ?? 200),
    async execute({ request, reply, client, dropCached }: RouteContext): Promise<unknown> {
      const input: RouteInput<ParamValues<Params>, z.output<Query>, z.output<Body>> = {
        principal: callerOf(request),
        params: parseParams(params, spec.params, request.params),
        query: parseInput(spec.query, request.query, 'query'),
        body: parseInput(spec.body, request.body),
        ifMatch: preconditioned ? expectedVersionFrom(request.headers['if-match']) : undefined,
      };
      const message = await spec.request(input, client);
      const response = await client.call(spec.subject, message);
      const invalidation = spec.invalidates?.(input, response);
      // No await between the reply and the drop: the next request with an affected key already misses the cache.
      if (invalidation) dropCached(invalidation);
      return answer(spec.answer, response, input.query, { url: request.url, reply, client, request: message });
    },
  };
}

function parseParams<Params extends ParamRules>(schema: z.ZodObject<Params>, rules: Params, values: unknown): ParamValues<Params> {
  const parsed = schema.safeParse(values);
  if (parsed.success) return parsed.data;
  const name = parsed.error.issues[0]?.path[0];
  const rule = typeof name === 'string' ? rules[name] : undefined;
  if (rule === undefined || NAMES.has(rule)) throw new NotFoundError();
  return parseInput(schema, values, 'query');
}

type At<Request> = AnswerContext<Request> & { reply: RouteContext['reply'] };

function answer<Response, Request>(how: Answer<Response, Request>, response: Response, query: unknown, at: At<Request>): unknown {
  if (typeof how === 'function') return how(response, at);
  switch (how) {
    case 'none':
      return undefined;
    case 'entity':
      return isVersioned(response) ? withEtag(at.reply, response) : response;
    case 'page':
      if (!isTextPage(response)) return response;
      void at.reply.type(JSON_TYPE);
      return toPageText(at.url, pageRequestOf(query), response.count, response.results);
    case 'cursor':
      if (!isCursorTextPage(response)) return response;
      void at.reply.type(JSON_TYPE);
      return toCursorPageText(at.url, response);
    case 'whole':
      return isPage(response) ? wholeOf(response, query, at.url) : response;
  }
}

function isVersioned(value: unknown): value is Versioned<unknown> {
  return typeof value === 'object' && value !== null && 'result' in value && 'version' in value && typeof value.version === 'number';
}

/** What fastify says of the JSON it serialises itself: a body spliced from text is served the same. */
const JSON_TYPE = 'application/json; charset=utf-8';

function isTextPage(value: unknown): value is TextPage<unknown> {
  return typeof value === 'object' && value !== null && 'count' in value && 'results' in value && value.results instanceof JsonText;
}

function isCursorTextPage(value: unknown): value is CursorTextPage<unknown> {
  return typeof value === 'object' && value !== null && 'cursor' in value && 'results' in value && value.results instanceof JsonText;
}

function isPage(value: unknown): value is Page<unknown> {
  return typeof value === 'object' && value !== null && 'count' in value && 'results' in value && Array.isArray(value.results);
}

/** `whole`: the service answered every item (grants, server keys, group types: a few each) and the page is cut here. */
function wholeOf(response: Page<unknown>, query: unknown, url: string): unknown {
  const page = pageRequestOf(query);
  return toPage(url, page, response.count, response.results.slice(page.offset, page.offset + page.limit));
}

function pageRequestOf(query: unknown): PageRequest {
  const limit = typeof query === 'object' && query !== null && 'limit' in query && typeof query.limit === 'number' ? query.limit : 100;
  const offset = typeof query === 'object' && query !== null && 'offset' in query && typeof query.offset === 'number' ? query.offset : 0;
  return { limit, offset };
}
