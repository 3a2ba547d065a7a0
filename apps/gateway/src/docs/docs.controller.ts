import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Controller, Get, Injectable, Param, Res } from '@nestjs/common';
import { ApiExcludeController, type OpenAPIObject } from '@nestjs/swagger';
import { NotFoundError, ServiceUnavailableError } from '@strata/contracts';
import type { FastifyReply } from 'fastify';

/** The document, built once the routes are known (at start, in `main.ts`). */
@Injectable()
export class ApiDocument {
  private document: OpenAPIObject | undefined;

  publish(document: OpenAPIObject): void {
    this.document = document;
  }

  get(): OpenAPIObject {
    if (!this.document) throw new ServiceUnavailableError('The API document is not built yet.');
    return this.document;
  }
}

/** Swagger UI's own files, from the `swagger-ui-dist` package: the docs page needs no network beyond this server. */
const ASSETS: Record<string, string> = {
  'swagger-ui-bundle.js': 'application/javascript; charset=utf-8',
  'swagger-ui.css': 'text/css; charset=utf-8',
  'favicon-32x32.png': 'image/png',
};

const PAGE = `<!DOCTYPE html>
<html lang="en">
  <head>
    <meta charset="utf-8">
    <title>Strata API</title>
    <link rel="stylesheet" href="/api/docs/swagger-ui.css">
    <link rel="icon" type="image/png" href="/api/docs/favicon-32x32.png">
  </head>
  <body>
    <div id="swagger-ui"></div>
    <script src="/api/docs/swagger-ui-bundle.js"></script>
    <script src="/api/docs/init.js"></script>
  </body>
</html>
`;

// validatorUrl: null — the default badge would call swagger.io from the reader's browser.
const INIT = `window.ui = SwaggerUIBundle({
  url: '/api/schema',
  dom_id: '#swagger-ui',
  deepLinking: true,
  validatorUrl: null,
  presets: [SwaggerUIBundle.presets.apis],
  layout: 'BaseLayout',
});
`;

@ApiExcludeController()
@Controller('api')
export class DocsController {
  private readonly assets = new Map<string, Buffer>();

  constructor(private readonly document: ApiDocument) {}

  @Get('schema')
  schema(): OpenAPIObject {
    return this.document.get();
  }

  @Get('docs')
  page(@Res() reply: FastifyReply): void {
    void reply.type('text/html; charset=utf-8').send(PAGE);
  }

  @Get('docs/init.js')
  init(@Res() reply: FastifyReply): void {
    void reply.type('application/javascript; charset=utf-8').send(INIT);
  }

  @Get('docs/:asset')
  asset(@Param('asset') name: string, @Res() reply: FastifyReply): void {
    const type = ASSETS[name];
    if (type === undefined) throw new NotFoundError();
    void reply.type(type).header('cache-control', 'public, max-age=86400').send(this.read(name));
  }

  private read(name: string): Buffer {
    let content = this.assets.get(name);
    if (!content) {
      content = readFileSync(path.join(swaggerUiDist(), name));
      this.assets.set(name, content);
    }
    return content;
  }
}

function swaggerUiDist(): string {
  return path.dirname(require.resolve('swagger-ui-dist/package.json'));
}
