import type { EnvironmentSettings } from '../projects/settings';
import type { ExportMultivariateOption, RolloutGroupScope } from './format';

/** SPEC §6's strategies: SKIP never changes what exists; OVERWRITE_DESTRUCTIVE makes what the file names equal to it. */
export type ImportStrategy = 'SKIP' | 'OVERWRITE_DESTRUCTIVE';

/** What the importer needs to know of the target project; lists in their order (the first of a name is the match). */
export interface TargetProject {
  tags: { id: string; label: string }[];
  cohorts: { id: string; name: string }[];
  flags: { id: string; key: string; options: (ExportMultivariateOption & { id: string })[] }[];
  environments: { id: number; name: string; settings: EnvironmentSettings }[];
  /** Each environment's state of each flag it has one of: its rollout groups (both scopes) and identity overrides. */
  states: { environment_id: number; flag_id: string; segment_overrides: { cohort_id: string; scope: RolloutGroupScope }[]; identity_overrides: string[] }[];
}

/** An existing entity of the target (`id`), or the element of the file the import creates (`index` in its section). */
export type Ref<Id extends string | number = string> = { id: Id } | { index: number };

export type PlanAction = 'create' | 'update' | 'skip';

export interface PlanStep<Id extends string | number = string> {
  action: PlanAction;
  name: string;
  /** The element of the file's section. */
  index: number;
  /** The target's entity, when one matched. */
  id?: Id;
}

export interface SegmentStep extends PlanStep {
  /** IN_COHORT names resolved: the importer writes these ids into the rules. */
  cohorts: { name: string; ref: Ref }[];
  /** Strata's extra: the owning environment of a segment created environment-specific. */
  environment?: Ref<number>;
}

export interface FeatureStep extends PlanStep {
  environment?: Ref<number>;
  /** Create and update: per option of the file, the target option reused because its value matches (null: create). */
  options?: { index: number; reuse: string | null }[];
  /** OVERWRITE_DESTRUCTIVE: options not in the file, kept with allocation 0 by default and in each named environment. */
  zeroed_option_ids?: string[];
  /** Project-scoped rollout groups as the file has them, replacing the flag's (absent: left as they are). */
  project_segment_overrides?: PlannedGroup[];
}

export interface PlannedGroup {
  segment: Ref;
  /** Where the group is in the file: `environments.<environment>.feature_segments.<index>`. */
  environment: number;
  index: number;
}

export interface StateStep {
  action: PlanAction;
  environment: Ref<number>;
  environment_name: string;
  feature: Ref;
  feature_name: string;
  /** The file's `feature_states` entry of this environment, or null when it lists none (the state is left as it is). */
  state: number | null;
  /** Environment-scoped rollout groups replacing this environment's (absent under SKIP of an existing state). */
  segment_overrides?: PlannedGroup[];
  /** Identity overrides set (file indices) and removed (identifiers); absent: existing ones untouched. */
  identity_overrides?: { set: number[]; remove: string[] };
}

export type PlanSection = 'tags' | 'segments' | 'features' | 'environments' | 'feature_states' | 'segment_overrides' | 'identity_overrides';
export interface Counts {
  created: number;
  updated: number;
  deleted: number;
  skipped: number;
  /** Said when something was skipped for a reason other than the strategy (identity overrides with the setting off). */
  skipped_because?: string;
}

/** Data the importer executes later; JSON as it is. */
export interface ImportPlan {
  strategy: ImportStrategy;
  include_identity_overrides: boolean;
  tags: PlanStep[];
  segments: SegmentStep[];
  features: FeatureStep[];
  environments: (PlanStep<number> & { settings: Partial<EnvironmentSettings> })[];
  feature_states: StateStep[];
  result_summary: Record<PlanSection, Counts>;
}
