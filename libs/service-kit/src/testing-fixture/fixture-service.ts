/**
 * A minimal service for the kit's integration spec, run as its own process
 * (`node -r ./infra/register.cjs libs/service-kit/src/testing-fixture/fixture-service.ts`): HTTP ops endpoints, one
 * NATS request/reply handler on Nest's transport, a metric, a probe and a worker stop hook — what a real service wires.
 */
import { Controller, Module } from '@nestjs/common';
import { MessagePattern } from '@nestjs/microservices';
import { RpcErrorFilter, RpcServer } from '@strata/messaging';
import type { Database } from '@strata/database';
import { runService } from '../lifecycle/run-service';
import type { Shutdown } from '../lifecycle/shutdown';

@Controller()
class PingController {
  @MessagePattern('fixture.ping')
  ping(): { pong: true } {
    return { pong: true };
  }
}

@Module({ controllers: [PingController] })
class FixtureModule {}

void runService({
  name: 'fixture',
  module: FixtureModule,
  onStart: ({ app, config, readiness, metrics, shutdown, logger, database }) => {
    const rpc = new RpcServer({ url: config.NATS_URL.split(','), service: 'fixture', prefix: config.NATS_PREFIX });
    // Deferred, so the filter is registered before the transport subscribes its handlers.
    app.connectMicroservice({ strategy: rpc }, { deferInitialization: true }).useGlobalFilters(new RpcErrorFilter());
    readiness.register('fixture', async () => {
      if (process.env.FIXTURE_PROBE_FAILS === 'true') throw new Error('fixture dependency is down');
    });
    metrics.counter({ name: 'fixture_starts_total', help: 'Times the fixture started.' }).inc();
    shutdown.onStop('workers', 'fixture worker', () => logger.info('fixture worker stopped'));
    if (process.env.FIXTURE_FAILS_ON_START === 'true') return failAfterStartingAWorker(database, shutdown);
  },
});

/** A worker that holds a connection until stopped (as the outbox relay does), then a start-up step that fails. */
async function failAfterStartingAWorker(database: Database, shutdown: Shutdown): Promise<void> {
  const held = await database.connect();
  shutdown.onStop('workers', 'connection holder', () => held.release());
  throw new Error('the fixture was told to fail after starting a worker');
}
