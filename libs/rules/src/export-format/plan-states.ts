import type { ExportEnvironment, ExportFile, ImportPlan, PlannedGroup, PlanStep, Ref, StateStep, TargetProject } from '@strata/contracts/export';
import { featureKey } from './references';

/**
 * Each named environment's state of each feature of the file it sees. A state of an existing flag in an existing
 * environment is skipped under SKIP; otherwise it becomes the file's: its environment-scoped rollout groups replaced,
 * its identity overrides replaced only when the environment lists them and the switch is on.
 */
/** Where each key first appears: one pass, so planning stays linear in the number of features. */
function firstIndexes(keys: readonly string[]): Map<string, number> {
  const indexes = new Map<string, number>();
  keys.forEach((key, index) => {
    if (!indexes.has(key)) indexes.set(key, index);
  });
  return indexes;
}

export function planStates(file: ExportFile, target: TargetProject, plan: ImportPlan): void {
  const segmentRef = firstRefs(plan.segments);
  const states = new Map(target.states.map((state) => [`${state.environment_id}:${state.flag_id}`, state]));
  plan.environments.forEach((environmentStep) => {
    const environment = file.environments[environmentStep.index];
    const byFeature = groupsByFeature(environment, environmentStep.index, segmentRef);
    const stateIndexes = firstIndexes(environment.feature_states.map((state) => featureKey(state.feature)));
    const overrides = plan.include_identity_overrides ? identityOverridesByFeature(environment) : undefined;
    if (!plan.include_identity_overrides) skipIdentityOverrides(plan, environment);
    plan.features.forEach((featureStep) => {
      const feature = file.features[featureStep.index];
      if (feature.environment !== undefined && feature.environment !== environment.name) return;
      const existing = environmentStep.id !== undefined && featureStep.id !== undefined ? states.get(`${environmentStep.id}:${featureStep.id}`) : undefined;
      const exists = environmentStep.id !== undefined && featureStep.id !== undefined;
      const stateIndex = stateIndexes.get(featureKey(feature.name)) ?? -1;
      const groups = byFeature.get(featureKey(feature.name)) ?? [];
      const step: StateStep = {
        action: !exists ? 'create' : plan.strategy === 'SKIP' ? 'skip' : 'update',
        environment: refOf(environmentStep),
        environment_name: environment.name,
        feature: refOf(featureStep),
        feature_name: feature.name,
        state: stateIndex === -1 ? null : stateIndex,
      };
      plan.feature_states.push(step.action === 'skip' ? step : withOverrides(step, environment, groups, existing, plan, overrides));
      if (step.action === 'skip') plan.result_summary.segment_overrides.skipped += groups.length;
    });
  });
}

function withOverrides(
  step: StateStep,
  environment: ExportEnvironment,
  groups: PlannedGroup[],
  existing: TargetProject['states'][number] | undefined,
  plan: ImportPlan,
  overridesByFeature: Map<string, number[]> | undefined,
): StateStep {
  const summary = plan.result_summary;
  const kept = new Set((existing?.segment_overrides ?? []).filter((group) => group.scope === 'environment').map((group) => group.cohort_id));
  for (const group of groups) summary.segment_overrides['id' in group.segment && kept.delete(group.segment.id) ? 'updated' : 'created']++;
  summary.segment_overrides.deleted += kept.size;
  const overrides = environment.identity_overrides;
  if (overridesByFeature === undefined || overrides === undefined) return { ...step, segment_overrides: groups };
  const set = overridesByFeature.get(featureKey(step.feature_name)) ?? [];
  const current = new Set(existing?.identity_overrides ?? []);
  for (const index of set) summary.identity_overrides[current.delete(overrides[index].identifier) ? 'updated' : 'created']++;
  summary.identity_overrides.deleted += current.size;
  return { ...step, segment_overrides: groups, identity_overrides: { set, remove: [...current] } };
}

/** Why a file's identity overrides were not imported, said beside their count in the summary and the dry run's plan. */
export const IDENTITY_OVERRIDES_OFF = 'identity overrides are imported only when the setting project_import_export_identity_overrides is on';

function skipIdentityOverrides(plan: ImportPlan, environment: ExportEnvironment): void {
  const skipped = environment.identity_overrides?.length ?? 0;
  if (skipped === 0) return;
  plan.result_summary.identity_overrides.skipped += skipped;
  plan.result_summary.identity_overrides.skipped_because = IDENTITY_OVERRIDES_OFF;
}

/** The indexes of the environment's identity overrides per feature, in the file's order (undefined: it lists none). */
function identityOverridesByFeature(environment: ExportEnvironment): Map<string, number[]> | undefined {
  const overrides = environment.identity_overrides;
  if (overrides === undefined) return undefined;
  return groupBy(
    overrides.map((_, index) => index),
    (index) => featureKey(overrides[index].feature),
  );
}

/** The environment's own rollout groups per feature; project-scoped ones belong to the feature (see planProjectGroups). */
function groupsByFeature(environment: ExportEnvironment, environmentIndex: number, segmentRef: Map<string, Ref>): Map<string, PlannedGroup[]> {
  const byFeature = new Map<string, PlannedGroup[]>();
  environment.feature_segments.forEach((group, index) => {
    if (group.scope === 'project') return;
    pushTo(byFeature, featureKey(group.feature), { segment: segmentRef.get(group.segment) as Ref, environment: environmentIndex, index });
  });
  return byFeature;
}

export function firstRefs(steps: PlanStep[]): Map<string, Ref> {
  const refs = new Map<string, Ref>();
  for (const step of steps) if (!refs.has(step.name)) refs.set(step.name, refOf(step));
  return refs;
}

export function refOf<Id extends string | number>(step: PlanStep<Id>): Ref<Id> {
  return step.id === undefined ? { index: step.index } : { id: step.id };
}

/** A created or overwritten feature's project-scoped rollout groups become the file's, wherever the file lists them. */
export function planProjectGroups(file: ExportFile, target: TargetProject, plan: ImportPlan): void {
  const segmentRef = firstRefs(plan.segments);
  const byFeature = new Map<string, PlannedGroup[]>();
  file.environments.forEach((environment, environmentIndex) =>
    environment.feature_segments.forEach((group, index) => {
      if (group.scope !== 'project') return;
      pushTo(byFeature, featureKey(group.feature), { segment: segmentRef.get(group.segment) as Ref, environment: environmentIndex, index });
    }),
  );
  const statesByFlag = groupBy(target.states, (state) => state.flag_id);
  for (const step of plan.features) {
    const groups = byFeature.get(featureKey(step.name)) ?? [];
    if (step.action === 'skip') {
      plan.result_summary.segment_overrides.skipped += groups.length;
      continue;
    }
    const existing = new Set((step.id === undefined ? [] : (statesByFlag.get(step.id) ?? [])).flatMap((state) => state.segment_overrides.filter((group) => group.scope === 'project').map((group) => group.cohort_id)));
    for (const group of groups) plan.result_summary.segment_overrides['id' in group.segment && existing.delete(group.segment.id) ? 'updated' : 'created']++;
    plan.result_summary.segment_overrides.deleted += existing.size;
    step.project_segment_overrides = groups;
  }
}

/** Items grouped by a key in one pass (planning stays linear: no scan of every state for every feature). */
function groupBy<T, K>(items: readonly T[], key: (item: T) => K): Map<K, T[]> {
  const groups = new Map<K, T[]>();
  for (const item of items) pushTo(groups, key(item), item);
  return groups;
}

function pushTo<K, T>(groups: Map<K, T[]>, key: K, item: T): void {
  const group = groups.get(key);
  if (group === undefined) groups.set(key, [item]);
  else group.push(item);
}
