import { Controller } from '@nestjs/common';
import { taxonomy, type ResponseOf } from '@strata/contracts';
import { Database } from '@strata/database';
import { changeLogPage, type ParsedRequest, requestHandlers } from '@strata/service-kit';

const HandlesHistory = requestHandlers(taxonomy.TaxonomyHistoryMessageSchemas);
type HistorySubject = keyof taxonomy.TaxonomyHistoryRpc;

/** SPEC §10 in the taxonomy service: `taxonomy.history.activity`, the project's definitions and group types changed, newest first. */
@Controller()
export class HistoryHandlers {
  constructor(private readonly db: Database) {}

  @HandlesHistory(taxonomy.TaxonomyHistorySubjects.activity)
  async activity(request: ParsedRequest<typeof taxonomy.TaxonomyHistoryMessageSchemas, HistorySubject>): Promise<ResponseOf<taxonomy.TaxonomyHistoryRpc, HistorySubject>> {
    return changeLogPage(this.db, { ...request, environmentIds: [] });
  }
}
