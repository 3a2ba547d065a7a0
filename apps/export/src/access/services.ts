import type { entities, projects } from '@strata/contracts';
import { TypedRpcClient } from '@strata/messaging';
import { rpcClientProvider } from '@strata/service-kit';

/** What the export service asks of others: projects (who may, which environments) and entities (the flag setup). */
export class OtherServices extends TypedRpcClient<projects.ProjectsRpc & entities.EntitiesTransferRpc> {}

export const otherServicesProvider = rpcClientProvider(OtherServices, () => ({ actor: 'service:export' }));
