import { runService } from '@strata/service-kit';
import { ApiDocument } from './docs/docs.controller';
import { buildApiDocument } from './docs/openapi';
import { gatewayConfigSchema } from './gateway.config';
import { GatewayModule } from './gateway.module';
import { edgeServerOptions, refuseNonJsonBodies } from './http/edge-server';
import { HttpErrorFilter } from './http/error.filter';

void runService({
  name: 'gateway',
  configSchema: gatewayConfigSchema,
  defaults: { PORT: '8000' },
  http: (config) => edgeServerOptions(config.BODY_LIMIT_BYTES),
  module: GatewayModule,
  onStart: ({ app }) => {
    app.useGlobalFilters(new HttpErrorFilter());
    app.getHttpAdapter().getInstance().addHook('onRequest', refuseNonJsonBodies);
    app.get(ApiDocument).publish(buildApiDocument(app));
  },
});
