import type { taxonomy } from '@strata/contracts';
import type { TypedRpcClient } from '@strata/messaging';
import type { IngestionTables, ObservationBatcher } from './domain';

/** What the mapper asks of taxonomy: group type registrations. */
export type TaxonomyClient = TypedRpcClient<Pick<taxonomy.TaxonomyRpc, typeof taxonomy.TaxonomySubjects.resolveGroupTypes>>;

/**
 * The one instance of the mapper's in-memory state, shared by the NATS handlers (Nest) and the workers started in
 * `main` (the table feed).
 */
export class MapperState {
  constructor(
    readonly tables: IngestionTables,
    readonly batcher: ObservationBatcher,
    /** To taxonomy: group type registrations. */
    readonly taxonomy: TaxonomyClient,
    readonly isCaughtUp: () => boolean,
  ) {}
}
