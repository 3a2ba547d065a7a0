import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import { healthSubject, SERVICES } from '@strata/contracts';
import { RpcClient } from '@strata/messaging';
import { type BaseConfig, NATS_CONNECTION, Readiness, SERVICE_CONFIG } from '@strata/service-kit';
import type { NatsConnection } from 'nats';

/**
 * The gateway's one way to talk to the services: request/reply over NATS, with the request's correlation id and
 * actor in the headers, a service that does not answer in time surfacing as 503. It also makes `/_ready` ask every
 * service for `<service>.health`, so the gateway is ready only when the whole system is.
 */
@Injectable()
export class Services implements OnModuleDestroy {
  readonly rpc: RpcClient;

  constructor(@Inject(NATS_CONNECTION) nats: NatsConnection, @Inject(SERVICE_CONFIG) config: BaseConfig, readiness: Readiness) {
    this.rpc = new RpcClient({ nc: nats, prefix: config.NATS_PREFIX, timeoutMs: config.RPC_TIMEOUT_MS });
    for (const service of SERVICES) {
      readiness.register(`service ${service}`, () => this.rpc.request(healthSubject(service), {}, { timeoutMs: 1_500 }));
    }
  }

  request<Response>(pattern: string, payload: unknown): Promise<Response> {
    return this.rpc.request<Response>(pattern, payload);
  }

  onModuleDestroy(): void {
    this.rpc.close();
  }
}
