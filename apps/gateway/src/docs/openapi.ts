import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, type OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { cleanupOpenApiDoc } from 'nestjs-zod';

type Operation = { operationId?: string; deprecated?: boolean };
const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;
const LEGACY_PREFIX = '/api/projects';

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
    .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'a personal API key, `phx_…`' })
    .build();
  const document = SwaggerModule.createDocument(app, config, {
    // `Projects_list`; a route served on several paths gets `[n]` appended, which `markLegacyAliases` tidies.
    operationIdFactory: (controller, method) => `${controller.replace(/Controller$/, '')}_${method}`,
  });
  return markLegacyAliases(keepCanonicalCollections(cleanupOpenApiDoc(document)));
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
