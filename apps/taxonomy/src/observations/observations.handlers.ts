import { Controller } from '@nestjs/common';
import { taxonomy } from '@strata/contracts';
import { Database } from '@strata/database';
import { PostgresEventStore } from '@strata/eventstore';
import { Metrics } from '@strata/service-kit';
import type { Counter } from 'prom-client';
import { Handles, type Reply, type Req } from '../common/edge';
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

  @Handles(taxonomy.TaxonomySubjects.recordObservations)
  async record(request: Req<'taxonomy.observations.record'>): Reply<'taxonomy.observations.record'> {
    const written = await recordObservations(this.store, this.db, request);
    this.writes.inc(written);
    return { written };
  }
}
