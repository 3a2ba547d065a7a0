import { Controller, Module } from '@nestjs/common';
import { projects, type ResponseOf } from '@strata/contracts';
import { PostgresEventStore } from '@strata/eventstore';
import { changeLogPage, type ParsedRequest, requestHandlers } from '@strata/service-kit';

const Handles = requestHandlers(projects.ProjectsHistoryMessageSchemas);
type Subject = keyof projects.ProjectsHistoryRpc;

/** `projects.history.activity`: the project's and the named environments' changes, as the gateway decided the caller sees. */
@Controller()
export class HistoryHandlers {
  constructor(private readonly store: PostgresEventStore) {}

  @Handles(projects.ProjectsHistorySubjects.activity)
  async activity(request: ParsedRequest<typeof projects.ProjectsHistoryMessageSchemas, Subject>): Promise<ResponseOf<projects.ProjectsHistoryRpc, Subject>> {
    return changeLogPage(this.store.db, request);
  }
}

/** The change log of projects, environments, their settings, keys and access (SPEC §10). */
@Module({ controllers: [HistoryHandlers] })
export class HistoryModule {}
