import { migrate } from '@strata/database';
import { LiveFlagModel } from '@strata/flag-model';
import { modelSnapshotMigrations, runService } from '@strata/service-kit';
import { consoleDir, serveConsole } from './console/console-assets';
import { ApiDocument } from './docs/docs.controller';
import { buildApiDocument } from './docs/openapi';
import { gatewayConfigSchema } from './gateway.config';
import { GatewayModule } from './gateway.module';
import { edgeServerOptions, refuseNonJsonBodies, refuseOversizedBodies } from './http/edge-server';
import { HttpErrorFilter } from './http/error.filter';
import { acceptStreamedBodies } from './http/streamed-body';

/** The snapshot of the SDK routes' flag model, in the gateway's own schema (its only table). */
const FLAG_MODEL_SNAPSHOT = 'flag-model';

void runService({
  name: 'gateway',
  configSchema: gatewayConfigSchema,
  defaults: { PORT: '8000' },
  http: (config) => edgeServerOptions(config.BODY_LIMIT_BYTES),
  module: GatewayModule,
  onStart: async (service) => {
    const { app, config, logger } = service;
    app.useGlobalFilters(new HttpErrorFilter());
    const fastify = app.getHttpAdapter().getInstance();
    fastify.addHook('onRequest', refuseNonJsonBodies);
    fastify.addHook('onRequest', refuseOversizedBodies(config.BODY_LIMIT_BYTES));
    acceptStreamedBodies(app, config.BODY_LIMIT_BYTES);
    const dir = consoleDir(config.CONSOLE_DIR);
    if (!serveConsole(fastify, dir)) logger.warn({ dir }, 'no console build: `/` is not served (npm run build builds it)');
    app.get(ApiDocument).publish(buildApiDocument(app));
    // Caught up before it listens: an instance answers SDK requests only from a model as recent as its start.
    await migrate({ url: config.DATABASE_URL, schema: config.DATABASE_SCHEMA, migrations: [...modelSnapshotMigrations] });
    await app.get(LiveFlagModel).start(service, FLAG_MODEL_SNAPSHOT);
  },
});
