import type { FeatureStateValue, ValueType } from '../entities/flag-definition';
import type { SegmentRule } from '../entities/segment-rules';
import type { EnvironmentSettings } from '../projects/settings';

/**
 * The project export file, version 1 (seed 004, SPEC §6), as `validateExportFile` returns it: every reference is a
 * name, `multivariate_feature_option` an index into the feature's `multivariate_options`. Optional fields a file may
 * leave out are filled in (`tags: []`, `description: ''`, …) so the planner reads one shape. Strata's extras
 * (`environment` of features and segments, `scope` of feature segments) are absent from files made elsewhere.
 */

export const EXPORT_FORMAT_VERSION = 1;
/** SPEC §6: files up to 64 MiB are accepted unless configured otherwise. */
export const DEFAULT_MAX_EXPORT_BYTES = 64 * 1024 * 1024;

export interface ExportTag {
  label: string;
  color: string | null;
  description: string;
  is_permanent: boolean;
}

export interface ExportSegment {
  name: string;
  description: string;
  /** IN_COHORT names another segment of the file, PERFORMED_ACTION an action of the target. */
  rules: SegmentRule[];
  /** Strata: the environment (by name, in this file) owning an environment-specific cohort; absent: project-wide. */
  environment?: string;
}

export interface ExportMultivariateOption {
  type: ValueType;
  string_value?: string | null;
  integer_value?: number | null;
  boolean_value?: boolean | null;
  default_percentage_allocation: number;
}

export interface ExportFeature {
  name: string;
  description: string;
  default_enabled: boolean;
  initial_value: string | null;
  is_server_key_only: boolean;
  tags: string[];
  multivariate_options: ExportMultivariateOption[];
  /** Strata: the environment (by name, in this file) owning an environment-specific flag; absent: project-wide. */
  environment?: string;
}

export interface ExportAllocation {
  /** An index into the feature's `multivariate_options`. */
  multivariate_feature_option: number;
  percentage_allocation: number;
}

export interface ExportState {
  enabled: boolean;
  feature_state_value: FeatureStateValue | null;
  multivariate_feature_state_values: ExportAllocation[];
}

export interface ExportFeatureState extends ExportState {
  feature: string;
}

export type RolloutGroupScope = 'environment' | 'project';

export interface ExportFeatureSegment {
  feature: string;
  segment: string;
  priority: number;
  feature_state: ExportState;
  /**
   * Strata: `project` is a rollout group applying in every environment, written once (under the first environment);
   * absent or `environment`: a group of the environment it is listed under, as in Flagsmith.
   */
  scope?: RolloutGroupScope;
}

export interface ExportIdentityOverride {
  identifier: string;
  feature: string;
  enabled: boolean;
  feature_state_value: FeatureStateValue | null;
}

/** The settings a file may carry: any of SPEC §1's environment settings (Flagsmith's files carry the flag settings). */
export type ExportEnvironmentSettings = Partial<EnvironmentSettings>;

/** Settings sit beside the name, as in the seed (`"minimum_change_request_approvals": 2`). */
export interface ExportEnvironment extends ExportEnvironmentSettings {
  name: string;
  /** Carried by the format; Strata's environments have no description, so it is accepted and not stored. */
  description?: string | null;
  feature_states: ExportFeatureState[];
  feature_segments: ExportFeatureSegment[];
  /** Present only when the export included them; absent never touches existing identity overrides. */
  identity_overrides?: ExportIdentityOverride[];
}

export interface ExportFile {
  version: typeof EXPORT_FORMAT_VERSION;
  exported_at: string;
  tags: ExportTag[];
  segments: ExportSegment[];
  features: ExportFeature[];
  environments: ExportEnvironment[];
}

/** One refusal: where in the file (`features.3.multivariate_options.1.default_percentage_allocation`) and why. */
export interface ExportProblem {
  path: string;
  detail: string;
}

export type ExportValidation = { ok: true; file: ExportFile } | { ok: false; problems: ExportProblem[] };
