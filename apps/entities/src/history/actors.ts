import type { FactoryProvider } from '@nestjs/common';
import type { projects } from '@strata/contracts';
import { TypedRpcClient } from '@strata/messaging';
import { ActorEmails, rpcClientProvider } from '@strata/service-kit';

/** What the entities service asks the projects service for its history: who acted (`projects.actors.resolve`). */
export class ProjectsActors extends TypedRpcClient<projects.ProjectsActorsRpc> {}

export const historyProviders: FactoryProvider[] = [
  rpcClientProvider(ProjectsActors, () => ({ actor: 'service:entities' })),
  { provide: ActorEmails, useFactory: () => new ActorEmails() },
];
