import type { entities, exportFormat } from '@strata/contracts';
import type { PostgresEventStore, StreamCommand } from '@strata/eventstore';
import { appliedRecord, recordApplied } from '../common/applied-once';
import { now } from '../common/clock';

const importStream = (importId: string): string => `entities-import-${importId}`;

/** The mark that goes into an import's own append: at most one append per import id, ever. */
export function recordImport(importId: string, projectId: number, plan: exportFormat.ImportPlan): StreamCommand<unknown, entities.EntitiesEvent> {
  const data = {
    importId, projectId, strategy: plan.strategy, includeIdentityOverrides: plan.include_identity_overrides,
    resultSummary: plan.result_summary, at: now(),
  };
  return recordApplied(importStream(importId), { type: 'ImportApplied', data });
}

/** What an import already applied did: a resumed job learns it instead of importing again. */
export async function appliedImport(store: PostgresEventStore, importId: string): Promise<entities.ApplyImportResponse | undefined> {
  const applied = await appliedRecord<entities.ImportApplied>(store, importStream(importId));
  if (applied === undefined) return undefined;
  const resultSummary = applied.resultSummary as exportFormat.ImportPlan['result_summary'];
  const plan: exportFormat.ImportPlan = {
    strategy: applied.strategy, include_identity_overrides: applied.includeIdentityOverrides,
    tags: [], segments: [], features: [], environments: [], feature_states: [], result_summary: resultSummary,
  };
  return { plan, result_summary: resultSummary };
}
