import type { entities, taxonomy } from '@strata/contracts';
import { type RpcSubject, TypedRpcClient } from '@strata/messaging';
import { rpcClientProvider } from '@strata/service-kit';
import type { ProjectsConfig } from '../config';

/** What an adoption asks of the services whose part of the project moves with the environment. */
export type AdoptionRpc = taxonomy.TaxonomyAdoptionRpc & entities.EntitiesAdoptionRpc;
export type AdoptionSubject = RpcSubject<AdoptionRpc>;
export type AdoptionCalls = Pick<AdoptionServices, 'call'>;

export class AdoptionServices extends TypedRpcClient<AdoptionRpc> {}

/** A step (one append there) gets the adoption's own timeout. */
export const adoptionServicesProvider = rpcClientProvider(AdoptionServices, (config: ProjectsConfig) => ({ timeoutMs: config.ADOPTION_STEP_TIMEOUT_MS, actor: 'service:projects' }));
