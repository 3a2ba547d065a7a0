import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { taxonomy } from '@strata/contracts';
import { Database } from '@strata/database';
import { PostgresEventStore } from '@strata/eventstore';
import { Metrics } from '@strata/service-kit';
import type { Counter } from 'prom-client';
import { parseRequest } from '../common/parse';
import { recordObservations } from './record-observations';

/** What the ingestion mapper saw (SPEC §5): definitions appear within seconds, one write per new definition. */
@Controller()
export class ObservationsHandlers {
  private readonly writes: Counter;

  constructor(
    private readonly store: PostgresEventStore,
    private readonly db: Database,
    metrics: Metrics,
  ) {
    this.writes = metrics.counter({ name: 'strata_taxonomy_definition_writes_total', help: 'Definition events written from observations.' });
  }

  @MessagePattern(taxonomy.TaxonomySubjects.recordObservations)
  async record(@Payload() payload: unknown): Promise<taxonomy.RecordObservationsResponse> {
    const request = parseRequest(taxonomy.TaxonomySubjects.recordObservations, payload);
    const written = await recordObservations(this.store, this.db, request);
    this.writes.inc(written);
    return { written };
  }
}
