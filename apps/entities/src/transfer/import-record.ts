import { ConflictError, type entities, type exportFormat } from '@strata/contracts';
import { onNewStream, type Decider, type PostgresEventStore, type StreamCommand } from '@strata/eventstore';
import { now } from '../common/clock';

type Recorded = { status: 'absent' } | { status: 'applied'; event: entities.ImportApplied['data'] };
type RecordImport = { type: 'RecordImport'; data: entities.ImportApplied['data'] };

const importDecider: Decider<Recorded, RecordImport, entities.ImportApplied> = {
  initialState: () => ({ status: 'absent' }),
  evolve: (_state, event) => ({ status: 'applied', event: event.data }),
  decide: (command, state) => {
    if (state.status === 'applied') throw new ConflictError('This import was applied already.', 'already_applied');
    return [{ type: 'ImportApplied', data: command.data }];
  },
};

const importStream = (importId: string): string => `entities-import-${importId}`;

/** The mark that goes into an import's own append: at most one append per import id, ever. */
export function recordImport(importId: string, projectId: number, plan: exportFormat.ImportPlan): StreamCommand<Recorded, entities.ImportApplied> {
  const data = {
    importId, projectId, strategy: plan.strategy, includeIdentityOverrides: plan.include_identity_overrides,
    resultSummary: plan.result_summary, at: now(),
  };
  return onNewStream(importDecider, importStream(importId), { type: 'RecordImport', data });
}

/** What an import already applied did: a resumed job learns it instead of importing again. */
export async function appliedImport(store: PostgresEventStore, importId: string): Promise<entities.ApplyImportResponse | undefined> {
  const { events } = await store.readStream<entities.ImportApplied>(importStream(importId));
  const applied = events[0]?.data;
  if (applied === undefined) return undefined;
  const resultSummary = applied.resultSummary as exportFormat.ImportPlan['result_summary'];
  const plan: exportFormat.ImportPlan = {
    strategy: applied.strategy, include_identity_overrides: applied.includeIdentityOverrides,
    tags: [], segments: [], features: [], environments: [], feature_states: [], result_summary: resultSummary,
  };
  return { plan, result_summary: resultSummary };
}
