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
  entities.EntitiesHistoryRpc &
  projects.ProjectsActorsRpc &
  projects.ProjectsHistoryRpc &
  flags.FlagsRpc &
  exportJobs.ExportJobsRpc;
export type ServiceSubject = keyof ServiceRpc & string;
export type RequestOf<Subject extends ServiceSubject> = ServiceRpc[Subject]['request'];
export type ResponseOf<Subject extends ServiceSubject> = ServiceRpc[Subject]['response'];

/**
 * The subjects sent again when no instance answered (`ServiceClient.read`): idempotent reads only. `flags.evaluate`
 * answers every SDK route (flags, identities with or without traits — traits are not stored — and OFREP) from memory
 * and changes nothing, so asking twice is safe. No command is ever retried: a lost answer may hide a done write.
 */
export type RetriedRead = typeof flags.FlagsSubjects.evaluate;

/**
 * The gateway's one way to talk to the services: typed request/reply over NATS (a wrong payload does not compile),
 * with the request's correlation id and actor in the headers and a late answer surfacing as 503. It also makes
 * `/_ready` ask every service for `<service>.health`, so the gateway is ready only when the whole system is.
 */
@Injectable()
export class ServiceClient implements OnModuleDestroy {
  private readonly rpc: RpcClient;
  private readonly readAttemptMs: number;

  constructor(@Inject(NATS_CONNECTION) nats: NatsConnection, @Inject(SERVICE_CONFIG) config: GatewayConfig, readiness: Readiness) {
    this.rpc = new RpcClient({ nc: nats, prefix: config.NATS_PREFIX, timeoutMs: config.RPC_TIMEOUT_MS });
    this.readAttemptMs = config.SDK_READ_ATTEMPT_MS;
    for (const service of SERVICES) {
      readiness.register(`service ${service}`, () => this.rpc.request(healthSubject(service), {}, { timeoutMs: 1_500 }));
    }
  }

  call<Subject extends ServiceSubject>(subject: Subject, request: RequestOf<Subject>): Promise<ResponseOf<Subject>> {
    return this.rpc.request<ResponseOf<Subject>>(subject, request);
  }

  /**
   * An idempotent read (`RetriedRead`): when the instance that took it dies before answering, or none is subscribed
   * for a moment, it is asked again — each attempt `SDK_READ_ATTEMPT_MS` at most, all within `RPC_TIMEOUT_MS` — so a
   * killed instance costs SDK clients a short delay, not a 503.
   */
  read<Subject extends RetriedRead>(subject: Subject, request: RequestOf<Subject>): Promise<ResponseOf<Subject>> {
    return this.rpc.read<ResponseOf<Subject>>(subject, request, { attemptMs: this.readAttemptMs });
  }

  onModuleDestroy(): void {
    this.rpc.close();
  }
}
