import { Controller } from '@nestjs/common';
import { projects, type ResponseOf } from '@strata/contracts';
import { PostgresEventStore } from '@strata/eventstore';
import { type ParsedRequest, requestHandlers } from '@strata/service-kit';

const Handles = requestHandlers(projects.ProjectsActorsMessageSchemas);
type Subject = keyof projects.ProjectsActorsRpc;

/** `projects.actors.resolve`: the emails of a page of history entries' actors, in one query (SPEC §10). */
@Controller()
export class ActorsHandlers {
  constructor(private readonly store: PostgresEventStore) {}

  @Handles(projects.ProjectsActorsSubjects.resolve)
  async resolve({ userIds }: ParsedRequest<typeof projects.ProjectsActorsMessageSchemas, Subject>): Promise<ResponseOf<projects.ProjectsActorsRpc, Subject>> {
    if (userIds.length === 0) return { actors: [] };
    const actors = await this.store.db.query<projects.Actor>('SELECT id::text, email FROM users WHERE id = ANY($1::uuid[])', [userIds]);
    return { actors };
  }
}
