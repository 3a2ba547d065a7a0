import { Controller } from '@nestjs/common';
import { taxonomy } from '@strata/contracts';
import { Database } from '@strata/database';
import { PostgresEventStore } from '@strata/eventstore';
import { type AdoptionReply, type AdoptionReq, HandlesAdoption } from '../common/edge';
import { mergeTaxonomy, planTaxonomyAdoption } from './merge-taxonomy';

const S = taxonomy.TaxonomyAdoptionSubjects;

/** Taxonomy's part in moving an environment into another project (SPEC §7), asked by the adoption process. */
@Controller()
export class AdoptionHandlers {
  constructor(
    private readonly store: PostgresEventStore,
    private readonly db: Database,
  ) {}

  @HandlesAdoption(S.plan)
  plan(request: AdoptionReq<'taxonomy.adoption.plan'>): AdoptionReply<'taxonomy.adoption.plan'> {
    return planTaxonomyAdoption(this.store, this.db, request);
  }

  @HandlesAdoption(S.merge)
  merge(request: AdoptionReq<'taxonomy.adoption.merge'>): AdoptionReply<'taxonomy.adoption.merge'> {
    return mergeTaxonomy(this.store, this.db, request);
  }
}
