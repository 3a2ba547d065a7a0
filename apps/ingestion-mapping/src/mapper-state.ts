import type { RpcClient } from '@strata/messaging';
import type { IngestionTables, ObservationBatcher } from './domain';

/**
 * The one instance of the mapper's in-memory state, shared by the NATS handlers (Nest) and the workers started in
 * `main` (the table feed).
 */
export class MapperState {
  constructor(
    readonly tables: IngestionTables,
    readonly batcher: ObservationBatcher,
    /** To taxonomy: group type registrations. */
    readonly taxonomy: RpcClient,
    readonly isCaughtUp: () => boolean,
  ) {}
}
