import type { INestApplication } from '@nestjs/common';
import { ModulesContainer } from '@nestjs/core';
import { DocumentBuilder, type OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { DECORATORS } from '@nestjs/swagger/dist/constants';
import { cleanupOpenApiDoc } from 'nestjs-zod';
import { z } from 'zod';
import { PERSONAL_API_KEY } from '../http/routes';

type Operation = { operationId?: string; deprecated?: boolean };
const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;
const LEGACY_PREFIX = '/api/projects';
const COMPONENT = '#/components/schemas/';

type OperationShape = { requestBody?: { content?: Content }; responses?: Record<string, { content?: Content }> };

/**
 * SPEC §4's OpenAPI 3 document, generated from the controllers and their zod DTOs: what the edge validates is what
 * the document says.
 */
export function buildApiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('Strata API')
    .setDescription(
      'Projects, environments and their shared setup (SPEC §4). Authenticate with `Authorization: Bearer <personal API key>`; ' +
        'every error is `{type, code, detail, attr}`; lists are `{count, next, previous, results}` with `limit` and `offset`; ' +
        'single entities carry `ETag`, honoured by `If-Match` on PATCH and DELETE.',
    )
    .setVersion('1')
    // Named, with their format said: swagger's default would call either bearer scheme a JWT.
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'phx_…', description: 'a personal API key, `phx_…`' }, PERSONAL_API_KEY)
    .addApiKey({ type: 'apiKey', in: 'header', name: 'X-Environment-Key', description: 'an environment’s key: `api_token` or a server key `ser.…`' }, 'environment_key')
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'phc_… or ser.…', description: 'OFREP: an environment’s `api_token` or a server key `ser.…`' }, 'ofrep_bearer')
    .addApiKey({ type: 'apiKey', in: 'header', name: 'X-API-Key', description: 'OFREP: an environment’s `api_token` or a server key `ser.…`' }, 'ofrep_api_key')
    .build();
  const document = SwaggerModule.createDocument(app, config, {
    // `Projects_list`; a route served on several paths gets `[n]` appended, which `markLegacyAliases` tidies.
    operationIdFactory: (controller, method) => `${controller.replace(/Controller$/, '')}_${method}`,
  });
  return markLegacyAliases(
    keepCanonicalCollections(
      fromZod(cleanupOpenApiDoc(document), documentedZodDtos(app)),
    ),
  );
}

/** A `createZodDto` class: the document's component of that name is its schema. */
export interface ZodDto {
  name: string;
  schema: z.ZodType;
}

/**
 * Each zod DTO's component, generated again from its schema as OpenAPI 3.0 — as the API reads it (`io: input`) when
 * it is a request body, as the API writes it (`output`) when it is a response. Swagger's own reading of nestjs-zod's
 * metadata turned every nullable field (`banner_text`, `next`) into an array.
 */
export function fromZod(document: OpenAPIObject, dtos: readonly ZodDto[]): OpenAPIObject {
  const uses = componentUses(document);
  const schemas = { ...document.components?.schemas };
  for (const dto of dtos) {
    const io = uses.get(dto.name);
    if (io) schemas[dto.name] = openApiSchema(dto.schema, io);
  }
  return { ...document, components: { ...document.components, schemas } };
}

function isZodDto(value: unknown): value is ZodDto {
  return typeof value === 'function' && (value as { isZodDto?: unknown }).isZodDto === true;
}

/**
 * Every zod DTO a controller names for the document (its responses, at the class or the method, and its body, by
 * `@ApiBody` or by the type of a `@Body()` parameter), read from the metadata Swagger reads: no list of DTO modules to
 * keep in step, so none is left to Swagger's reading.
 */
export function documentedZodDtos(app: INestApplication): ZodDto[] {
  const found = new Set<ZodDto>();
  const note = (target: object, parameterTypes: unknown[] = []) => {
    const responses = (Reflect.getMetadata(DECORATORS.API_RESPONSE, target) ?? {}) as Record<string, { type?: unknown }>;
    const parameters = (Reflect.getMetadata(DECORATORS.API_PARAMETERS, target) ?? []) as Array<{ type?: unknown }>;
    for (const { type } of [...Object.values(responses), ...parameters]) if (isZodDto(type)) found.add(type);
    for (const type of parameterTypes) if (isZodDto(type)) found.add(type);
  };
  for (const module of app.get(ModulesContainer).values()) {
    for (const { metatype } of module.controllers.values()) {
      if (typeof metatype !== 'function') continue;
      note(metatype);
      const prototype = metatype.prototype as Record<string, unknown>;
      for (const name of Object.getOwnPropertyNames(prototype)) {
        const method = Object.getOwnPropertyDescriptor(prototype, name)?.value as unknown;
        if (typeof method === 'function') note(method, (Reflect.getMetadata('design:paramtypes', prototype, name) ?? []) as unknown[]);
      }
    }
  }
  return [...found];
}

/** A zod schema as an OpenAPI 3.0 schema object (`nullable`, no `$schema`). */
export function openApiSchema(schema: z.ZodType, io: 'input' | 'output'): Record<string, unknown> {
  const { $schema: _dialect, ...json } = z.toJSONSchema(schema, { target: 'openapi-3.0', io, unrepresentable: 'any' }) as Record<string, unknown>;
  return json;
}

type Content = Record<string, { schema?: { $ref?: string } }> | undefined;

function componentUses(document: OpenAPIObject): Map<string, 'input' | 'output'> {
  const uses = new Map<string, 'input' | 'output'>();
  const note = (content: Content, io: 'input' | 'output') => {
    for (const media of Object.values(content ?? {})) {
      const ref = media.schema?.$ref;
      if (ref?.startsWith(COMPONENT)) uses.set(ref.slice(COMPONENT.length), io);
    }
  };
  for (const item of Object.values(document.paths)) {
    for (const method of METHODS) {
      const operation = (item as Record<string, OperationShape | undefined>)[method];
      note(operation?.requestBody?.content, 'input');
      for (const response of Object.values(operation?.responses ?? {})) note(response.content, 'output');
    }
  }
  return uses;
}

/** A collection answers with and without its trailing slash; the document lists it once, the SPEC's way (`…/`). */
export function keepCanonicalCollections(document: OpenAPIObject): OpenAPIObject {
  const paths = { ...document.paths };
  for (const path of Object.keys(paths)) if (path.endsWith('/') && path.length > 1) delete paths[path.slice(0, -1)];
  return { ...document, paths };
}

/**
 * `/api/projects/…` repeats the environment routes: listed, deprecated, with operation ids of their own. Every
 * other operation id loses the `[n]` that told a route's paths apart: after the above, each is listed once.
 */
export function markLegacyAliases(document: OpenAPIObject): OpenAPIObject {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const [path, item] of Object.entries(document.paths)) {
    const legacy = path === LEGACY_PREFIX || path.startsWith(`${LEGACY_PREFIX}/`);
    const operations: Record<string, unknown> = { ...item };
    for (const method of METHODS) {
      const operation = operations[method] as Operation | undefined;
      if (!operation) continue;
      const operationId = (operation.operationId ?? method).replace(/\[\d+\]$/, '');
      operations[method] = legacy ? { ...operation, deprecated: true, operationId: `legacy_${operationId}` } : { ...operation, operationId };
    }
    paths[path] = operations;
  }
  return { ...document, paths: paths as OpenAPIObject['paths'] };
}
