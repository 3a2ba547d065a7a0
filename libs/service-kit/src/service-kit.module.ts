import { type DynamicModule, Module } from '@nestjs/common';
import { Database } from '@strata/database';
import type { NatsConnection } from 'nats';
import type { Logger } from 'pino';
import type { BaseConfig } from './config/config';
import { Metrics } from './ops/metrics';
import { OpsController } from './ops/ops.controller';
import { Readiness } from './ops/readiness';
import { Shutdown } from './lifecycle/shutdown';

/** Injection tokens for what is not a class (or is an interface) in the kit. */
export const SERVICE_CONFIG = 'strata:service-config';
export const NATS_CONNECTION = 'strata:nats-connection';
export const LOGGER = 'strata:logger';

/** Everything a service gets from the kit, built once in `startService` before Nest starts. */
export interface ServiceKit<Config extends BaseConfig = BaseConfig> {
  name: string;
  config: Config;
  logger: Logger;
  metrics: Metrics;
  readiness: Readiness;
  shutdown: Shutdown;
  /** A pool bound to the service's schema (`DATABASE_SCHEMA`). */
  database: Database;
  /** The service's own NATS connection (JetStream, publishing); Nest's NATS transport opens its own. */
  nats: NatsConnection;
}

/**
 * Provides the kit to every module of the service (global) and serves `/_health`, `/_ready` and `/metrics` on the
 * service's HTTP app, beside the gateway's API when the service is the gateway.
 */
@Module({})
export class ServiceKitModule {
  static forRoot(kit: ServiceKit): DynamicModule {
    const providers = [
      { provide: SERVICE_CONFIG, useValue: kit.config },
      { provide: LOGGER, useValue: kit.logger },
      { provide: NATS_CONNECTION, useValue: kit.nats },
      { provide: Database, useValue: kit.database },
      { provide: Metrics, useValue: kit.metrics },
      { provide: Readiness, useValue: kit.readiness },
      { provide: Shutdown, useValue: kit.shutdown },
    ];
    return {
      module: ServiceKitModule,
      global: true,
      controllers: [OpsController],
      providers,
      exports: providers.map((p) => p.provide),
    };
  }
}
