import { applyDecorators, HttpCode, Inject, Req, RequestMapping, RequestMethod, Res, type Type } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiParam, ApiQuery, ApiResponse } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { named } from '../api/entity-bodies';
import { ApiController } from '../auth/request-context';
import { ApiErrors, collection } from '../http/routes';
import { IGNORED, pathId } from './define';
import type { HttpMethod, Route } from './route';
import { RouteRunner } from './route-runner';

/** Routes served under the same prefixes, documented under one tag: one generated Nest controller. */
export interface RouteGroup {
  /** `Environments`: the controller's name, and the first half of each operation id (`Environments_get`). */
  name: string;
  tag: string;
  prefixes: string[];
  routes: Route[];
}

const METHODS: Record<HttpMethod, RequestMethod> = {
  get: RequestMethod.GET,
  post: RequestMethod.POST,
  patch: RequestMethod.PATCH,
  delete: RequestMethod.DELETE,
};

/**
 * A Nest controller for a group of rows, built once at start: each row becomes a method with the metadata Nest
 * routes by and the document describes, so authentication, errors and the OpenAPI document work as for any
 * controller. The method itself only hands the request to its row.
 */
export function controllerFor(group: RouteGroup): Type<unknown> {
  class RouteController {
    constructor(readonly runner: RouteRunner) {}
  }
  Object.defineProperty(RouteController, 'name', { value: `${group.name}Controller` });
  Inject(RouteRunner)(RouteController, undefined, 0);
  for (const row of group.routes) addRoute(RouteController.prototype, row, group.name);
  ApiController(group.tag, ...group.prefixes)(RouteController);
  return RouteController;
}

function addRoute(prototype: object, row: Route, groupName: string): void {
  const handler = function (this: { runner: RouteRunner }, request: FastifyRequest, reply: FastifyReply): Promise<unknown> {
    return this.runner.run(row, request, reply);
  };
  // The document's operation id is `<group>_<function name>`: each row's own, not `handler` for all.
  Object.defineProperty(handler, 'name', { value: row.name });
  Object.defineProperty(prototype, row.name, { value: handler, writable: true, configurable: true });
  const descriptor = Object.getOwnPropertyDescriptor(prototype, row.name);
  if (descriptor === undefined) throw new Error(`route ${row.name} was not defined`);
  Req()(prototype, row.name, 0);
  Res({ passthrough: true })(prototype, row.name, 1);
  const path = row.path.endsWith('/') ? collection(row.path.slice(0, -1)) : row.path;
  applyDecorators(RequestMapping({ path, method: METHODS[row.method] }), HttpCode(row.status), ...documentation(row, groupName))(
    prototype,
    row.name,
    descriptor,
  );
}

function documentation(row: Route, groupName: string): MethodDecorator[] {
  const decorators: MethodDecorator[] = [ApiOperation({ summary: row.summary }), ApiErrors(...row.errors)];
  decorators.push(row.status === 204 ? ApiResponse({ status: 204, description: 'done' }) : ApiResponse({ status: row.status, type: row.response }));
  for (const [name, rule] of Object.entries(row.params)) {
    decorators.push(ApiParam({ name, required: true, schema: { type: rule === pathId ? 'integer' : 'string' } }));
  }
  if (row.body !== IGNORED) decorators.push(ApiBody({ type: dtoFor(row.body, `${groupName}_${row.name}_body`) }));
  if (row.query !== IGNORED) decorators.push(...queryParameters(row.query));
  return decorators;
}

const dtos = new Map<z.ZodType, Type<unknown>>();

/** A named class around a request schema, which the document lists as a component. */
function dtoFor(schema: z.ZodType, name: string): Type<unknown> {
  let dto = dtos.get(schema);
  if (dto === undefined) {
    dto = named(schema, name);
    dtos.set(schema, dto);
  }
  return dto;
}

function queryParameters(schema: z.ZodType): MethodDecorator[] {
  const json = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' });
  const required = new Set(json.required ?? []);
  return Object.entries(json.properties ?? {}).map(([name, property]) =>
    ApiQuery({ name, required: required.has(name), schema: typeof property === 'boolean' ? {} : stripMeta(property) }),
  );
}

function stripMeta(property: Record<string, unknown>): Record<string, unknown> {
  const { $schema: _schema, ...rest } = property;
  return rest;
}
