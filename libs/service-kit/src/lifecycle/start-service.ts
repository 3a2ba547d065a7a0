import { type DynamicModule, Module, type Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyServerOptions } from 'fastify';
import { Database } from '@strata/database';
import { closeNats } from '@strata/messaging';
import type { NatsConnection } from 'nats';
import type { z } from 'zod';
import { baseConfigSchema, type ConfigOf, type Env, loadConfig } from '../config/config';
import { createLogger } from '../logging/logger';
import { PinoNestLogger } from '../logging/nest-logger';
import { metrics } from '../ops/metrics';
import { Readiness } from '../ops/readiness';
import { type ServiceKit, ServiceKitModule } from '../service-kit.module';
import { checkPostgres, openNats } from './reachability';
import { Shutdown } from './shutdown';
import { StartupError } from './startup-error';

/** fastify's own options a service may set: the gateway's body limit, JSON parsing and answers to malformed requests. */
export type HttpOptions = Pick<
  FastifyServerOptions,
  'bodyLimit' | 'onProtoPoisoning' | 'onConstructorPoisoning' | 'frameworkErrors' | 'clientErrorHandler'
>;

type BaseSchema = z.ZodType<z.output<typeof baseConfigSchema>>;

/** The running service: the kit plus its Nest application (HTTP on fastify, and any connected microservices). */
export interface StartedService<Config = ConfigOf<typeof baseConfigSchema>> extends ServiceKit {
  config: Config & ServiceKit['config'];
  app: NestFastifyApplication;
}

export interface ServiceOptions<Schema extends BaseSchema = typeof baseConfigSchema> {
  /** The service name: log field, error-line prefix, `SERVICE_NAME` default. */
  name: string;
  /** `baseConfigSchema.extend({...})` when the service reads more variables. */
  configSchema?: Schema;
  /** Values used when a variable is unset, e.g. `{ PORT: '8001' }`. */
  defaults?: Env;
  /** The environment to read (tests pass their own); `process.env` otherwise. */
  env?: Env;
  /** The service's root module, or a function building it from the kit (for `forRoot(...)`-style modules). */
  module: Type | DynamicModule | ((kit: ServiceKit<ConfigOf<Schema>>) => Type | DynamicModule);
  /**
   * Runs after Nest created the app and before it listens: run migrations, `app.connectMicroservice(...)` for NATS
   * request/reply, start the relay and consumers and register their stop hooks on `shutdown`. A throw fails the start.
   */
  onStart?: (service: StartedService<ConfigOf<Schema>>) => Promise<void> | void;
  /** fastify's own options from the loaded configuration, e.g. `bodyLimit` for the gateway. */
  http?: (config: ConfigOf<Schema>) => HttpOptions;
  /** How long Postgres gets to answer at start (NATS: messaging's connect timeout). */
  connectTimeoutMs?: number;
}

/**
 * Starts a service or throws (a StartupError when the cause is the operator's to fix). Everything opened before the
 * failure is closed again, so a test can call this in-process.
 */
export async function startService<Schema extends BaseSchema = typeof baseConfigSchema>(
  options: ServiceOptions<Schema>,
): Promise<StartedService<ConfigOf<Schema>>> {
  const schema = (options.configSchema ?? baseConfigSchema) as Schema;
  const config = loadConfig(schema, { SERVICE_NAME: options.name, ...options.defaults, ...withoutUndefined(options.env ?? process.env) });
  const timeoutMs = options.connectTimeoutMs ?? 3_000;
  await checkPostgres(config.DATABASE_URL, timeoutMs);
  const nats = await openNats(config.NATS_URL, options.name);
  const kit = assembleKit(options.name, config, nats);
  let app: NestFastifyApplication | undefined;
  try {
    app = await createApp(kit, options.module, options.http?.(config));
    const service: StartedService<ConfigOf<Schema>> = { ...kit, app };
    registerStopHooks(service);
    await options.onStart?.(service);
    if (app.getMicroservices().length > 0) await app.startAllMicroservices();
    await listen(app, config.PORT, config.HOST);
    kit.logger.info({ port: config.PORT, host: config.HOST }, 'listening');
    return service;
  } catch (error) {
    // Once the app exists, what onStart began (relay, consumers) is stopped by its own hooks: closing the pool
    // underneath a worker that still holds a connection would wait forever.
    if (app) await kit.shutdown.run('start-up failed');
    else await closeQuietly(app, kit);
    throw error;
  }
}

function assembleKit<Config extends ServiceKit['config']>(name: string, config: Config, nats: NatsConnection): ServiceKit<Config> {
  const logger = createLogger({ service: name, level: config.LOG_LEVEL });
  const database = new Database({ url: config.DATABASE_URL, schema: config.DATABASE_SCHEMA, applicationName: name });
  const readiness = new Readiness();
  readiness.register('postgres', () => database.ping());
  readiness.register('nats', () => natsRoundTrip(nats));
  metrics.collectDefaults(name);
  return { name, config, logger, metrics, readiness, shutdown: new Shutdown(logger, config.SHUTDOWN_TIMEOUT_MS), database, nats };
}

async function natsRoundTrip(nats: NatsConnection): Promise<void> {
  if (nats.isClosed()) throw new Error('connection closed');
  await nats.flush();
}

async function createApp<Config extends ServiceKit['config']>(
  kit: ServiceKit<Config>,
  module: Type | DynamicModule | ((kit: ServiceKit<Config>) => Type | DynamicModule),
  http: HttpOptions = {},
): Promise<NestFastifyApplication> {
  const appModule = typeof module === 'function' && !isClass(module) ? module(kit) : module;

  @Module({ imports: [ServiceKitModule.forRoot(kit), appModule] })
  class ServiceRootModule {}

  return NestFactory.create<NestFastifyApplication>(ServiceRootModule, new FastifyAdapter(http), {
    logger: new PinoNestLogger(kit.logger),
    abortOnError: false,
  });
}

function isClass(value: unknown): value is Type {
  return typeof value === 'function' && /^class[\s{]/.test(Function.prototype.toString.call(value));
}

/** The kit's own stop hooks; the service adds its workers' in `onStart`. */
function registerStopHooks(service: StartedService<unknown>): void {
  const { app, shutdown, nats, database } = service;
  shutdown.onStop('http', 'http server', () => app.getHttpAdapter().getInstance().close());
  shutdown.onStop('rpc', 'nats request/reply', () => closeMicroservices(app));
  shutdown.onStop('app', 'nest application', () => app.close());
  shutdown.onStop('connections', 'nats', () => closeNats(nats));
  shutdown.onStop('connections', 'postgres', () => database.close());
}

/**
 * Closes only the transport servers: a hybrid microservice's own close() would also run the shared modules'
 * destroy hooks before the workers stopped. Marking it terminated first is what Nest's own app.close() does.
 */
async function closeMicroservices(app: NestFastifyApplication): Promise<void> {
  for (const microservice of app.getMicroservices()) {
    const terminable = microservice as typeof microservice & { setIsTerminated?: (value: boolean) => void };
    terminable.setIsTerminated?.(true);
    await microservice.close();
  }
}

async function listen(app: NestFastifyApplication, port: number, host: string): Promise<void> {
  try {
    await app.listen(port, host);
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (code === 'EADDRINUSE') throw new StartupError(`port ${port} is already in use`);
    if (code === 'EACCES') throw new StartupError(`no permission to listen on port ${port}`);
    throw error;
  }
}

async function closeQuietly(app: NestFastifyApplication | undefined, kit: ServiceKit): Promise<void> {
  await app?.close().catch(() => undefined);
  await kit.nats.close().catch(() => undefined);
  await kit.database.close().catch(() => undefined);
}

function withoutUndefined(env: Env): Record<string, string> {
  return Object.fromEntries(Object.entries(env).filter((entry): entry is [string, string] => entry[1] !== undefined && entry[1] !== ''));
}
