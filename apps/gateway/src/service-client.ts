import type { entities, exportJobs, flags, ingestion, projects, taxonomy } from '@strata/contracts';
import { TypedRpcClient } from '@strata/messaging';
import { rpcClientProvider } from '@strata/service-kit';

/** Every request/reply contract the gateway calls: subject → request and response. */
export type ServiceRpc = projects.ProjectsRpc &
  taxonomy.TaxonomyRpc &
  ingestion.IngestionRpc &
  entities.EntitiesRpc &
  entities.EntitiesCopyRpc &
  entities.EntitiesHistoryRpc &
  projects.ProjectsActorsRpc &
  projects.ProjectsHistoryRpc &
  taxonomy.TaxonomyHistoryRpc &
  flags.FlagsRpc &
  exportJobs.ExportJobsRpc;
export type ServiceSubject = keyof ServiceRpc & string;
export type RequestOf<Subject extends ServiceSubject> = ServiceRpc[Subject]['request'];
export type ResponseOf<Subject extends ServiceSubject> = ServiceRpc[Subject]['response'];

/**
 * The gateway's one way to talk to the services; `GatewayModule` makes `/_ready` ask each for its health. No read is
 * asked again: the SDK routes answer from the gateway's own flag model, not over `flags.evaluate`.
 */
export class ServiceClient extends TypedRpcClient<ServiceRpc> {}

export const serviceClientProvider = rpcClientProvider(ServiceClient);
