import { ValidationError, type entities, type exportFormat } from '@strata/contracts';
import { uuidv7 } from '@strata/eventstore';
import type { ImportTarget } from './target.queries';

/**
 * What executing one import plan knows: the file, the plan, the target as loaded, and the id of every element of the
 * file — the matched entity's (kept), or a new one made here (UUID v7 in the file's order, so an export of the
 * imported project lists them in that order).
 */

export type FlagFields = entities.KindFields<'feature_flag'>;

export interface ImportContext {
  projectId: number;
  at: string;
  file: exportFormat.ExportFile;
  plan: exportFormat.ImportPlan;
  loaded: ImportTarget;
  ids: { segments: string[]; features: string[] };
  /** Each cohort of the project after the import: its environment, or null when project-wide. */
  cohortScopes: Map<string, number | null>;
  /** Each flag written: where it lives, its definition after the import, and file option index → its option index. */
  flags: Map<string, { environmentId: number | null; fields: FlagFields; optionIndex: number[]; zeroed: number[] }>;
  /** Each written flag's project-scoped rollout groups after the import. */
  projectGroups: Map<string, entities.SegmentOverride[]>;
}

export function contextOf(projectId: number, file: exportFormat.ExportFile, plan: exportFormat.ImportPlan, loaded: ImportTarget, at: string): ImportContext {
  const idsOf = (steps: exportFormat.PlanStep[]) => steps.map((step) => step.id ?? uuidv7());
  const cohortScopes = new Map([...loaded.cohorts.values()].map((row) => [row.id, row.environment_id === null ? null : Number(row.environment_id)]));
  return { projectId, at, file, plan, loaded, ids: { segments: idsOf(plan.segments), features: idsOf(plan.features) }, cohortScopes, flags: new Map(), projectGroups: new Map() };
}

export function idOf(ref: exportFormat.Ref, ids: string[]): string {
  return 'id' in ref ? ref.id : ids[ref.index];
}

/** Every environment the file names exists by now: the export service created the missing ones before applying. */
export function environmentIdOf(ref: exportFormat.Ref<number>, context: ImportContext): number {
  if ('id' in ref) return ref.id;
  const name = context.file.environments[ref.index].name;
  throw new ValidationError(`Environment "${name}" is not in the project: create it before applying the import.`, 'environmentIds', 'unknown_environment');
}
