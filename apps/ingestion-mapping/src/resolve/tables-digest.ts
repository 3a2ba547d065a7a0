import type { ingestion } from '@strata/contracts';
import { modelDigest } from '@strata/service-kit';
import type { IngestionTables } from '../domain';

/** Two instances (or one before and after a restart) with equal digests answer every lookup alike. */
export function tablesDigest(tables: IngestionTables, caughtUp: boolean): ingestion.TablesDigest {
  const snapshot = tables.snapshot();
  return {
    tokens: snapshot.tokens.length,
    environments: snapshot.environments.length,
    projectsWithGroupTypes: snapshot.groupTypes.length,
    digest: modelDigest(snapshot),
    caughtUp,
  };
}
