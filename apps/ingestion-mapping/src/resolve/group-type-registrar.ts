import { NotFoundError, taxonomy } from '@strata/contracts';
import type { TaxonomyClient } from '../mapper-state';
import type { IngestionTables } from '../domain';

/** Types asked per project per request: only 5 can ever be registered, so more would only be dropped. */
const MAX_ASKED = 100;

/**
 * Registers a batch's new group types through taxonomy, synchronously (SPEC §5), and teaches the tables the answer
 * before its `GroupTypeRegistered` events arrive. Taxonomy serialises registrations per project, so parallel batches
 * and other mapper instances get the same index for one type. A project whose taxonomy is gone learns nothing (its
 * types are then dropped); taxonomy not answering fails the batch (503), since a retry may still map the groups.
 */
export async function registerGroupTypes(client: TaxonomyClient, tables: IngestionTables, toRegister: ReadonlyMap<number, ReadonlySet<string>>): Promise<void> {
  await Promise.all(
    [...toRegister].map(async ([projectId, types]) => {
      const request: taxonomy.ResolveGroupTypesRequest = { projectId, groupTypes: [...types].slice(0, MAX_ASKED) };
      try {
        const { mapping } = await client.call(taxonomy.TaxonomySubjects.resolveGroupTypes, request);
        tables.learnGroupTypes(projectId, mapping);
      } catch (error) {
        if (!(error instanceof NotFoundError)) throw error;
      }
    }),
  );
}
