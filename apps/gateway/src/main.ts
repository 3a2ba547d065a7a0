import { runService } from '@strata/service-kit';
import { ApiDocument } from './docs/docs.controller';
import { buildApiDocument } from './docs/openapi';
import { gatewayConfigSchema } from './gateway.config';
import { GatewayModule } from './gateway.module';
import { HttpErrorFilter } from './http/error.filter';

void runService({
  name: 'gateway',
  configSchema: gatewayConfigSchema,
  defaults: { PORT: '8000' },
  http: (config) => ({ bodyLimit: config.BODY_LIMIT_BYTES }),
  module: GatewayModule,
  onStart: ({ app }) => {
    app.useGlobalFilters(new HttpErrorFilter());
    app.get(ApiDocument).publish(buildApiDocument(app));
  },
});
