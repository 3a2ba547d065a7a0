import { Module } from '@nestjs/common';
import { APP_PIPE } from '@nestjs/core';
import { healthSubject, SERVICES } from '@strata/contracts';
import { LiveFlagModel } from '@strata/flag-model';
import { Readiness, SERVICE_CONFIG } from '@strata/service-kit';
import { ACCOUNT_ROUTES } from './accounts/accounts.routes';
import { SignupController } from './accounts/signup.controller';
import { Authenticator } from './auth/authenticator';
import { CacheInvalidation } from './auth/cache-invalidation';
import { PrincipalCache } from './auth/principal-cache';
import { RequestContextGuard, RequestContextHook } from './auth/request-context';
import { COMPARE_ROUTES } from './compare/compare.routes';
import { ApiDocument, DocsController } from './docs/docs.controller';
import { ENTITY_ROUTES } from './entities/entities.routes';
import { ENVIRONMENT_ROUTES } from './environments/environments.routes';
import { HISTORY_ROUTES } from './history/history.routes';
import { ExportDownloadController } from './export/export-download.controller';
import { ImportUploadController } from './export/import-upload.controller';
import { EXPORT_ROUTES } from './export/export.routes';
import { SERVER_KEY_ROUTES } from './environments/server-keys.routes';
import type { GatewayConfig } from './gateway.config';
import { EdgeValidationPipe } from './http/edge-validation.pipe';
import { PlainRoutes } from './http/plain-route';
import { IngestionController } from './ingestion/ingestion.controller';
import { PROJECT_ROUTES } from './projects/projects.routes';
import { controllerFor, type RouteGroup } from './routes/controllers';
import { RouteRunner } from './routes/route-runner';
import { EvaluationCounter } from './sdk/analytics';
import { AnalyticsController } from './sdk/analytics.controller';
import { FlagsmithController } from './sdk/flagsmith.controller';
import { OfrepController } from './sdk/ofrep.controller';
import { SdkKeyCatchUp } from './sdk/sdk-key-catch-up';
import { SdkStreams } from './sdk/sdk-streams';
import { StreamsController } from './sdk/streams.controller';
import { ServiceClient, serviceClientProvider } from './service-client';
import { TAXONOMY_ROUTES } from './taxonomy/taxonomy.routes';

/** Every route table of the API; a new kind of resource is a group (or rows) here, not a controller. */
const ROUTE_GROUPS: RouteGroup[] = [...ACCOUNT_ROUTES, PROJECT_ROUTES, ENVIRONMENT_ROUTES, SERVER_KEY_ROUTES, ...TAXONOMY_ROUTES, ...ENTITY_ROUTES, ...COMPARE_ROUTES, ...HISTORY_ROUTES, EXPORT_ROUTES];

/** The HTTP API (SPEC §4): authentication, validation and the routes, each answered by a service over NATS. */
@Module({
  controllers: [SignupController, ...ROUTE_GROUPS.map(controllerFor), ExportDownloadController, ImportUploadController, IngestionController, FlagsmithController, OfrepController, AnalyticsController, StreamsController, DocsController],
  providers: [
    serviceClientProvider,
    EvaluationCounter,
    SdkStreams,
    SdkKeyCatchUp,
    PlainRoutes,
    RouteRunner,
    Authenticator,
    CacheInvalidation,
    RequestContextGuard,
    RequestContextHook,
    ApiDocument,
    // The SDK routes' answers: the flag model in this process, started by `main` before the gateway listens.
    { provide: LiveFlagModel, useValue: new LiveFlagModel() },
    { provide: APP_PIPE, useClass: EdgeValidationPipe },
    {
      provide: PrincipalCache,
      inject: [SERVICE_CONFIG],
      useFactory: (config: GatewayConfig) => new PrincipalCache({ ttlMs: config.AUTH_CACHE_TTL_MS, maxEntries: 10_000 }),
    },
  ],
  exports: [ServiceClient],
})
export class GatewayModule {
  /** `/_ready` asks every service for `<service>.health`: the gateway is ready only when the whole system is. */
  constructor(client: ServiceClient, readiness: Readiness) {
    for (const service of SERVICES) readiness.register(`service ${service}`, () => client.rpc.request(healthSubject(service), {}, { timeoutMs: 1_500 }));
  }
}
