import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import type { entities, taxonomy } from '@strata/contracts';
import { RpcClient } from '@strata/messaging';
import { NATS_CONNECTION, SERVICE_CONFIG } from '@strata/service-kit';
import type { NatsConnection } from 'nats';
import type { ProjectsConfig } from '../config';

/** What an adoption asks of the services whose part of the project moves with the environment. */
export type AdoptionRpc = taxonomy.TaxonomyAdoptionRpc & entities.EntitiesAdoptionRpc;
export type AdoptionSubject = keyof AdoptionRpc & string;

export interface AdoptionCalls {
  call<S extends AdoptionSubject>(subject: S, request: AdoptionRpc[S]['request']): Promise<AdoptionRpc[S]['response']>;
}

/** Typed request/reply to taxonomy and entities; a step (one append there) gets the adoption's own timeout. */
@Injectable()
export class AdoptionServices implements AdoptionCalls, OnModuleDestroy {
  private readonly rpc: RpcClient;

  constructor(@Inject(NATS_CONNECTION) nats: NatsConnection, @Inject(SERVICE_CONFIG) config: ProjectsConfig) {
    this.rpc = new RpcClient({ nc: nats, prefix: config.NATS_PREFIX, timeoutMs: config.ADOPTION_STEP_TIMEOUT_MS, actor: 'service:projects' });
  }

  call<S extends AdoptionSubject>(subject: S, request: AdoptionRpc[S]['request']): Promise<AdoptionRpc[S]['response']> {
    return this.rpc.request(subject, request);
  }

  onModuleDestroy(): void {
    this.rpc.close();
  }
}
