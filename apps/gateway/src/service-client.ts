import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import { type entities, type exportJobs, type flags, healthSubject, type ingestion, type projects, SERVICES, type taxonomy } from '@strata/contracts';
import { RpcClient } from '@strata/messaging';
import { NATS_CONNECTION, Readiness, SERVICE_CONFIG } from '@strata/service-kit';
import type { NatsConnection } from 'nats';
import type { GatewayConfig } from './gateway.config';

/** Every request/reply contract the gateway calls: subject → request and response. */
export type ServiceRpc = projects.ProjectsRpc &
  taxonomy.TaxonomyRpc &
  ingestion.IngestionRpc &
  entities.EntitiesRpc &
  flags.FlagsRpc &
  exportJobs.ExportJobsRpc;
export type ServiceSubject = keyof ServiceRpc & string;
export type RequestOf<Subject extends ServiceSubject> = ServiceRpc[Subject]['request'];
export type ResponseOf<Subject extends ServiceSubject> = ServiceRpc[Subject]['response'];

/**
 * The gateway's one way to talk to the services: typed request/reply over NATS (a wrong payload does not compile),
 * with the request's correlation id and actor in the headers and a late answer surfacing as 503. It also makes
 * `/_ready` ask every service for `<service>.health`, so the gateway is ready only when the whole system is.
 */
@Injectable()
export class ServiceClient implements OnModuleDestroy {
  private readonly rpc: RpcClient;

  constructor(@Inject(NATS_CONNECTION) nats: NatsConnection, @Inject(SERVICE_CONFIG) config: GatewayConfig, readiness: Readiness) {
    this.rpc = new RpcClient({ nc: nats, prefix: config.NATS_PREFIX, timeoutMs: config.RPC_TIMEOUT_MS });
    for (const service of SERVICES) {
      readiness.register(`service ${service}`, () => this.rpc.request(healthSubject(service), {}, { timeoutMs: 1_500 }));
    }
  }

  call<Subject extends ServiceSubject>(subject: Subject, request: RequestOf<Subject>): Promise<ResponseOf<Subject>> {
    return this.rpc.request<ResponseOf<Subject>>(subject, request);
  }

  onModuleDestroy(): void {
    this.rpc.close();
  }
}
