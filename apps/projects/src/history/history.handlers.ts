import { Controller, Module } from '@nestjs/common';
import { projects, type ResponseOf } from '@strata/contracts';
import { PostgresEventStore } from '@strata/eventstore';
import { changeLogPage, type ParsedRequest, requestHandlers } from '@strata/service-kit';

const HandlesHistory = requestHandlers(projects.ProjectsHistoryMessageSchemas);
const HandlesActors = requestHandlers(projects.ProjectsActorsMessageSchemas);
type HistorySubject = keyof projects.ProjectsHistoryRpc;
type ActorsSubject = keyof projects.ProjectsActorsRpc;

/**
 * SPEC §10 in the projects service: `projects.history.activity`, the project's and the named environments' changes as
 * the gateway decided the caller sees them; `projects.actors.resolve`, the emails of a page's actors in one query.
 */
@Controller()
export class HistoryHandlers {
  constructor(private readonly store: PostgresEventStore) {}

  @HandlesHistory(projects.ProjectsHistorySubjects.activity)
  async activity(request: ParsedRequest<typeof projects.ProjectsHistoryMessageSchemas, HistorySubject>): Promise<ResponseOf<projects.ProjectsHistoryRpc, HistorySubject>> {
    return changeLogPage(this.store.db, request);
  }

  @HandlesActors(projects.ProjectsActorsSubjects.resolve)
  async resolveActors({ userIds }: ParsedRequest<typeof projects.ProjectsActorsMessageSchemas, ActorsSubject>): Promise<ResponseOf<projects.ProjectsActorsRpc, ActorsSubject>> {
    if (userIds.length === 0) return { actors: [] };
    const actors = await this.store.db.query<projects.Actor>('SELECT id::text, email FROM users WHERE id = ANY($1::uuid[])', [userIds]);
    return { actors };
  }
}

/** The change log of projects, environments, their settings, keys and access, and who acted (SPEC §10). */
@Module({ controllers: [HistoryHandlers] })
export class HistoryModule {}
