import { cohortReferencesOf } from '@strata/contracts/entities';
import { ENVIRONMENT_SETTING_NAMES, type EnvironmentSettings } from '@strata/contracts/projects';
import type { Counts, ExportEnvironment, ExportFile, ExportMultivariateOption, FeatureStep, ImportPlan, ImportStrategy, PlanAction, PlanSection, PlanStep, Ref, SegmentStep, TargetProject } from '@strata/contracts/export';
import { planProjectGroups, planStates, refOf } from './plan-states';
import { featureKey } from './references';

/**
 * The plan of an import (SPEC §6), computed from a validated file and a snapshot of the target, without I/O. Matching
 * is by name: features case-insensitively; the k-th element of a name in the file matches the k-th entity of that name
 * in the target (so a single one matches the target's first, and a file's duplicates are all imported, once).
 */

export interface PlanOptions {
  strategy: ImportStrategy;
  /** The feature switch `project_import_export_identity_overrides`. */
  includeIdentityOverrides: boolean;
  /** Environments the import itself created before it was applied (by name): counted as created, as a dry run counts them. */
  createdEnvironments?: readonly string[];
}

export function planImport(file: ExportFile, target: TargetProject, options: PlanOptions): ImportPlan {
  const overwrite = options.strategy === 'OVERWRITE_DESTRUCTIVE';
  const action = (id: unknown): PlanAction => (id === undefined ? 'create' : overwrite ? 'update' : 'skip');
  const created = new Set(options.createdEnvironments ?? []);
  const environments = file.environments.map((environment, index) => {
    const id = firstByName(target.environments, (entity) => entity.name).get(environment.name)?.[0]?.id;
    const step = created.has(environment.name) ? 'create' : action(id);
    return { action: step, name: environment.name, index, ...(id === undefined ? {} : { id }), settings: settingsOf(environment) };
  });
  const environmentRef = (name: string | undefined): Ref<number> | undefined => {
    if (name === undefined) return undefined;
    const step = environments.find((candidate) => candidate.name === name) as PlanStep<number>;
    return refOf(step);
  };
  const tags = matchInTurn(file.tags.map((tag) => tag.label), target.tags, (tag) => tag.label, action);
  const segments = planSegments(file, target, action, environmentRef);
  const features = planFeatures(file, target, overwrite, action, environmentRef);
  const plan: ImportPlan = { strategy: options.strategy, include_identity_overrides: options.includeIdentityOverrides, tags, segments, features, environments, feature_states: [], result_summary: emptySummary() };
  planStates(file, target, plan);
  planProjectGroups(file, target, plan);
  countSteps(plan);
  return plan;
}

function firstByName<T>(entities: readonly T[], name: (entity: T) => string): Map<string, T[]> {
  const byName = new Map<string, T[]>();
  for (const entity of entities) byName.set(name(entity), [...(byName.get(name(entity)) ?? []), entity]);
  return byName;
}

/** The k-th name of the file to the k-th target entity of that name. */
function matchInTurn<T extends { id: string }>(names: string[], entities: readonly T[], name: (entity: T) => string, action: (id: unknown) => PlanAction): PlanStep[] {
  const byName = firstByName(entities, name);
  const seen = new Map<string, number>();
  return names.map((entityName, index) => {
    const turn = seen.get(entityName) ?? 0;
    seen.set(entityName, turn + 1);
    const id = byName.get(entityName)?.[turn]?.id;
    return { action: action(id), name: entityName, index, ...(id === undefined ? {} : { id }) };
  });
}

function planSegments(file: ExportFile, target: TargetProject, action: (id: unknown) => PlanAction, environmentRef: (name: string | undefined) => Ref<number> | undefined): SegmentStep[] {
  const steps = matchInTurn(file.segments.map((segment) => segment.name), target.cohorts, (cohort) => cohort.name, action);
  const firstOfName = new Map<string, PlanStep>();
  for (const step of steps) if (!firstOfName.has(step.name)) firstOfName.set(step.name, step);
  return steps.map((step) => {
    const segment = file.segments[step.index];
    const names = new Set(cohortReferencesOf(segment.rules).cohortIds.map((name) => name.trim()));
    const environment = step.action === 'create' ? environmentRef(segment.environment) : undefined;
    return { ...step, cohorts: [...names].map((name) => ({ name, ref: refOf(firstOfName.get(name) as PlanStep) })), ...(environment ? { environment } : {}) };
  });
}

function planFeatures(file: ExportFile, target: TargetProject, overwrite: boolean, action: (id: unknown) => PlanAction, environmentRef: (name: string | undefined) => Ref<number> | undefined): FeatureStep[] {
  const flags = new Map<string, TargetProject['flags'][number]>();
  for (const flag of target.flags) if (!flags.has(featureKey(flag.key))) flags.set(featureKey(flag.key), flag);
  return file.features.map((feature, index): FeatureStep => {
    const flag = flags.get(featureKey(feature.name));
    const step: FeatureStep = { action: action(flag?.id), name: feature.name, index, ...(flag ? { id: flag.id } : {}) };
    if (step.action === 'skip') return step;
    const environment = step.action === 'create' ? environmentRef(feature.environment) : undefined;
    const { options, unused } = reuseOptions(feature.multivariate_options, overwrite ? (flag?.options ?? []) : []);
    return { ...step, ...(environment ? { environment } : {}), options, ...(flag ? { zeroed_option_ids: unused } : {}) };
  });
}

/** Each file option reuses the first unused target option of the same type and value. */
function reuseOptions(options: ExportMultivariateOption[], existing: TargetProject['flags'][number]['options']) {
  const valueOf = (option: ExportMultivariateOption) => `${option.type}:${JSON.stringify(option.string_value ?? option.integer_value ?? option.boolean_value ?? null)}`;
  const free = new Map<string, string[]>();
  for (const option of existing) free.set(valueOf(option), [...(free.get(valueOf(option)) ?? []), option.id]);
  const planned = options.map((option, index) => ({ index, reuse: free.get(valueOf(option))?.shift() ?? null }));
  return { options: planned, unused: [...free.values()].flat() };
}

function settingsOf(environment: ExportEnvironment): Partial<EnvironmentSettings> {
  return Object.fromEntries(ENVIRONMENT_SETTING_NAMES.filter((name) => environment[name] !== undefined).map((name) => [name, environment[name]]));
}

function emptySummary(): Record<PlanSection, Counts> {
  const sections: PlanSection[] = ['tags', 'segments', 'features', 'environments', 'feature_states', 'segment_overrides', 'identity_overrides'];
  return Object.fromEntries(sections.map((section) => [section, { created: 0, updated: 0, deleted: 0, skipped: 0 }])) as Record<PlanSection, Counts>;
}

function countSteps(plan: ImportPlan): void {
  const count = (section: PlanSection, steps: { action: PlanAction }[]) => {
    for (const { action } of steps) plan.result_summary[section][action === 'create' ? 'created' : action === 'update' ? 'updated' : 'skipped']++;
  };
  count('tags', plan.tags);
  count('segments', plan.segments);
  count('features', plan.features);
  count('environments', plan.environments);
  count('feature_states', plan.feature_states.filter((step) => step.state !== null));
}
