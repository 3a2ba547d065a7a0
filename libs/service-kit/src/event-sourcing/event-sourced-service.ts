import { type DynamicModule, Module, type Type } from '@nestjs/common';
import type { ServiceName } from '@strata/contracts';
import { migrate, type MigrationSet } from '@strata/database';
import { eventStoreMigrations, type EventStoreOptions, type InlineProjection, OutboxRelay, PostgresEventStore } from '@strata/eventstore';
import { ensureDeadLetterStream, ensureEventStream, type EventConsumer, messagingMigrations, RpcErrorFilter, RpcServer } from '@strata/messaging';
import type { Database } from '@strata/database';
import type { NatsConnection } from 'nats';
import type { z } from 'zod';
import { baseConfigSchema, type ConfigOf } from '../config/config';
import type { StartedService } from '../lifecycle/start-service';
import type { ServiceOptions } from '../lifecycle/start-service';
import type { ServiceKit } from '../service-kit.module';
import { healthControllerFor } from './health.controller';
import { metadataOfCurrentContext } from './metadata';
import { serveAdminSubjects } from './admin-subjects';
import { operationsMetrics } from './operations-metrics';
import { relayMetrics } from './relay-metrics';

type Schema = z.ZodType<z.output<typeof baseConfigSchema>>;

export interface EventSourcedServiceOptions<S extends Schema = typeof baseConfigSchema>
  extends Omit<ServiceOptions<S>, 'module' | 'onStart' | 'name'> {
  name: ServiceName;
  /** The service's feature module(s); the event store is injectable as `PostgresEventStore`. */
  module: (kit: ServiceKit<ConfigOf<S>>) => Type | DynamicModule;
  /** The service's own migrations, run after the event store's and the consumers' tables. */
  migrations?: MigrationSet['migrations'];
  /** Read models updated in the append transaction; each can be rebuilt from the log (`rebuild` command). */
  projections?: readonly InlineProjection[];
  /** Read-model unique constraints that back a cross-stream rule, and the 409 each means (see `EventStoreOptions`). */
  uniqueConflicts?: EventStoreOptions['uniqueConflicts'];
  /**
   * The durable consumers keeping this service's read models of other services' events. Started after the relay,
   * stopped (finishing the event in hand) before the connections close; `rebuild <consumer>` replays one from the
   * first event of its stream.
   */
  consumers?: (deps: ConsumerDeps<ConfigOf<S>>) => Promise<readonly EventConsumer[]> | readonly EventConsumer[];
  /** Start other workers here; register their stop hooks on `shutdown`. */
  onStart?: (service: StartedService<ConfigOf<S>> & { store: PostgresEventStore }) => Promise<void> | void;
}

export interface ConsumerDeps<Config> {
  nats: NatsConnection;
  database: Database;
  store: PostgresEventStore;
  config: Config;
}

export function allMigrations(own: MigrationSet['migrations'] = []): MigrationSet['migrations'] {
  return [...eventStoreMigrations, ...messagingMigrations, ...own];
}

/**
 * What every event-sourced Strata service does at start, in one place: migrate its schema, provide its event store
 * (with its inline projections) to Nest, make sure its JetStream event and dead-letter streams exist, serve its
 * `@MessagePattern` handlers in its queue group (plus `<service>.health`), and run its outbox relay — each with a stop
 * hook, so shutdown drains requests, then the relay's batch in flight, then the connections.
 */
export function eventSourcedService<S extends Schema = typeof baseConfigSchema>(
  options: EventSourcedServiceOptions<S>,
): ServiceOptions<S> {
  let store: PostgresEventStore | undefined;
  return {
    ...options,
    module: (kit) => {
      store = new PostgresEventStore(kit.database, {
        projections: options.projections ?? [],
        metadata: metadataOfCurrentContext,
        uniqueConflicts: options.uniqueConflicts,
      });
      return eventSourcedRoot(options.name, store, options.module(kit));
    },
    onStart: async (service) => {
      if (!store) throw new Error('event store was not created');
      const { config, nats, shutdown, logger, app, readiness } = service;
      await migrate({ url: config.DATABASE_URL, schema: config.DATABASE_SCHEMA, migrations: allMigrations(options.migrations) });
      const jsm = await nats.jetstreamManager();
      const replicas = config.NATS_STREAM_REPLICAS;
      await ensureEventStream(jsm, options.name, config.NATS_PREFIX, { replicas });
      await ensureDeadLetterStream(jsm, { service: options.name, prefix: config.NATS_PREFIX, replicas });

      const rpc = new RpcServer({ url: config.NATS_URL.split(','), service: options.name, prefix: config.NATS_PREFIX, stopTimeoutMs: Math.floor(config.SHUTDOWN_TIMEOUT_MS / 2) });
      // Deferred, so the filter is registered before the transport subscribes its handlers.
      app.connectMicroservice({ strategy: rpc }, { deferInitialization: true }).useGlobalFilters(new RpcErrorFilter());

      const relay = new OutboxRelay({ db: service.database, nats, service: options.name, prefix: config.NATS_PREFIX, logger, onPublished: relayMetrics(service.metrics) });
      await relay.start();
      shutdown.onStop('workers', 'outbox relay', () => relay.stop());
      readiness.register('outbox relay', async () => {
        const stats = relay.stats();
        return { leader: stats.leader, published: stats.published, failures: stats.failures };
      });
      const consumers = (await options.consumers?.({ nats, database: service.database, store, config })) ?? [];
      for (const consumer of consumers) {
        await consumer.start();
        shutdown.onStop('workers', `consumer ${consumer.name}`, () => consumer.stop());
      }
      const operated = { service: options.name, prefix: config.NATS_PREFIX, nats, database: service.database, consumers };
      operationsMetrics(service.metrics, operated);
      const stopAdmin = serveAdminSubjects({ ...operated, relay, projections: options.projections ?? [], logger });
      shutdown.onStop('rpc', 'admin subjects', stopAdmin);
      await options.onStart?.({ ...service, store });
    },
  };
}

function eventSourcedRoot(name: ServiceName, store: PostgresEventStore, feature: Type | DynamicModule): DynamicModule {
  @Module({})
  class EventSourcingModule {}
  return {
    module: EventSourcingModule,
    global: true,
    imports: [feature],
    controllers: [healthControllerFor(name)],
    providers: [{ provide: PostgresEventStore, useValue: store }],
    exports: [PostgresEventStore],
  };
}
