import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import type { entities, projects } from '@strata/contracts';
import { RpcClient } from '@strata/messaging';
import { NATS_CONNECTION, SERVICE_CONFIG } from '@strata/service-kit';
import type { NatsConnection } from 'nats';
import type { ExportConfig } from '../config';

/** What the export service asks of others: projects (who may, which environments) and entities (the flag setup). */
type Rpc = projects.ProjectsRpc & entities.EntitiesTransferRpc;
export type OtherSubject = keyof Rpc & string;

/** Typed request/reply to the projects and entities services; a job's long calls get the job's own timeout. */
@Injectable()
export class OtherServices implements OnModuleDestroy {
  private readonly rpc: RpcClient;
  private readonly jobTimeoutMs: number;

  constructor(@Inject(NATS_CONNECTION) nats: NatsConnection, @Inject(SERVICE_CONFIG) config: ExportConfig) {
    this.rpc = new RpcClient({ nc: nats, prefix: config.NATS_PREFIX, timeoutMs: config.RPC_TIMEOUT_MS, actor: 'service:export' });
    this.jobTimeoutMs = config.JOB_RPC_TIMEOUT_MS;
  }

  call<Subject extends OtherSubject>(subject: Subject, request: Rpc[Subject]['request'], options: { long?: boolean } = {}): Promise<Rpc[Subject]['response']> {
    return this.rpc.request(subject, request, options.long ? { timeoutMs: this.jobTimeoutMs } : {});
  }

  onModuleDestroy(): void {
    this.rpc.close();
  }
}
