import type { entities, exportJobs, flags, ingestion, projects, taxonomy } from '@strata/contracts';
import { TypedRpcClient } from '@strata/messaging';
import { rpcClientProvider } from '@strata/service-kit';
import type { GatewayConfig } from './gateway.config';

/** Every request/reply contract the gateway calls: subject → request and response. */
export type ServiceRpc = projects.ProjectsRpc &
  taxonomy.TaxonomyRpc &
  ingestion.IngestionRpc &
  entities.EntitiesRpc &
  entities.EntitiesCopyRpc &
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
 * and changes nothing, so asking twice is safe; each attempt waits `SDK_READ_ATTEMPT_MS`, all within `RPC_TIMEOUT_MS`.
 */
export type RetriedRead = typeof flags.FlagsSubjects.evaluate;

/** The gateway's one way to talk to the services; `GatewayModule` makes `/_ready` ask each for its health. */
export class ServiceClient extends TypedRpcClient<ServiceRpc, RetriedRead> {}

export const serviceClientProvider = rpcClientProvider(ServiceClient, (config: GatewayConfig) => ({ readAttemptMs: config.SDK_READ_ATTEMPT_MS }));
