import { ValidationError, exportFormat, type entities } from '@strata/contracts';
import { actionNamesUsed, planImport } from '@strata/rules';
import type { PostgresEventStore, StreamCommand } from '@strata/eventstore';
import { now } from '../common/clock';
import { graphGuard } from '../entities/graph-stream';
import { contextOf } from './import-context';
import { cohortCommands, flagCommands, tagCommands } from './import-definitions';
import { projectGroupCommands, stateCommands } from './import-states';
import { loadTarget, type ImportTarget } from './target.queries';

/**
 * An import as one decision (SPEC §6): planned (`exportFormat.planImport`) against the read model as it is now, and
 * executed as the commands of every stream it touches — tags, cohorts, flags, states, project rollout groups,
 * identity overrides, and the project's graph guard — which the command handler appends in one transaction, so the
 * import's entity changes are all-or-nothing. The graph version is read before the read model: a reference or scope
 * changed meanwhile makes the append conflict, and the import is planned again.
 */

type Command = StreamCommand<unknown, entities.EntitiesEvent>;

export interface ImportRequest {
  projectId: number;
  strategy: exportFormat.ImportStrategy;
  includeIdentityOverrides: boolean;
  dryRun: boolean;
  environmentIds: Record<string, number>;
  createdEnvironments?: string[];
}

export interface PlannedImport {
  plan: exportFormat.ImportPlan;
  commands: Command[];
}

export async function planImportCommands(store: PostgresEventStore, file: exportFormat.ExportFile, request: ImportRequest): Promise<PlannedImport> {
  const { projectId, strategy, includeIdentityOverrides, createdEnvironments } = request;
  const guard = await graphGuard(store, projectId);
  const loaded = await loadTarget(store.db, projectId, request.environmentIds, includeIdentityOverrides);
  assertActionsExist(file, loaded);
  const plan = planImport(file, loaded.target, { strategy, includeIdentityOverrides, createdEnvironments });
  if (request.dryRun) return { plan, commands: [] };
  const context = contextOf(projectId, file, plan, loaded, now());
  const commands = [...tagCommands(context), ...cohortCommands(context), ...flagCommands(context), ...projectGroupCommands(context), ...stateCommands(context)];
  const written = [...plan.segments.filter((step) => step.action !== 'skip').map((step) => context.ids.segments[step.index]), ...context.flags.keys()];
  return { plan, commands: written.length === 0 ? commands : [...commands, guard(written)] };
}

/** PERFORMED_ACTION names an action of the target (SPEC §6): every missing name in one 400. */
function assertActionsExist(file: exportFormat.ExportFile, loaded: ImportTarget): void {
  const known = new Set(loaded.actions.map((action) => action.name));
  const missing = actionNamesUsed(file).filter((name) => !known.has(name));
  if (missing.length === 0) return;
  throw new ValidationError(`Segments use actions this project does not have: ${missing.map((name) => `"${name}"`).join(', ')}.`, 'segments', 'missing_actions', { actions: missing });
}
