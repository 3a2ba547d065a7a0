import { Module } from '@nestjs/common';
import { APP_PIPE } from '@nestjs/core';
import { SERVICE_CONFIG } from '@strata/service-kit';
import { AccountsController, SignupController } from './accounts/accounts.controller';
import { ApiKeysController } from './accounts/api-keys.controller';
import { MembersController } from './accounts/members.controller';
import { Authenticator } from './auth/authenticator';
import { CacheInvalidation } from './auth/cache-invalidation';
import { PrincipalCache } from './auth/principal-cache';
import { RequestContextGuard, RequestContextHook } from './auth/request-context';
import { ApiDocument, DocsController } from './docs/docs.controller';
import { AccessController } from './environments/access.controller';
import { EnvironmentsController } from './environments/environments.controller';
import type { GatewayConfig } from './gateway.config';
import { EdgeValidationPipe } from './http/edge-validation.pipe';
import { ProjectsController } from './projects/projects.controller';
import { IngestionClient } from './ingestion/ingestion-client';
import { IngestionController } from './ingestion/ingestion.controller';
import { ProjectsClient } from './projects-client';
import { ProjectScope } from './taxonomy/project-scope';
import { EnvironmentTaxonomyController, ProjectTaxonomyController } from './taxonomy/taxonomy.controller';
import { TaxonomyClient } from './taxonomy/taxonomy-client';
import { Services } from './services';

/** The HTTP API (SPEC §4): authentication, validation and the routes, each answered by a service over NATS. */
@Module({
  controllers: [
    SignupController,
    AccountsController,
    MembersController,
    ApiKeysController,
    ProjectsController,
    EnvironmentsController,
    AccessController,
    ProjectTaxonomyController,
    EnvironmentTaxonomyController,
    IngestionController,
    DocsController,
  ],
  providers: [
    Services,
    ProjectsClient,
    TaxonomyClient,
    IngestionClient,
    ProjectScope,
    Authenticator,
    CacheInvalidation,
    RequestContextGuard,
    RequestContextHook,
    ApiDocument,
    { provide: APP_PIPE, useClass: EdgeValidationPipe },
    {
      provide: PrincipalCache,
      inject: [SERVICE_CONFIG],
      useFactory: (config: GatewayConfig) => new PrincipalCache({ ttlMs: config.AUTH_CACHE_TTL_MS, maxEntries: 10_000 }),
    },
  ],
  exports: [Services],
})
export class GatewayModule {}
