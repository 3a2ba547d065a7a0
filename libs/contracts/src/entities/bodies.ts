import type { EntityKind, KindFields } from './kinds';
import type { FeatureStateValue, SegmentOverride } from './flag-definition';

/** Response bodies of SPEC §4.4, snake_case as HTTP serves them. */

/** What every entity body has beside its kind's fields. */
export interface EntityCommon {
  id: string;
  is_project_wide: boolean;
  /** `null` when project-wide. */
  environment_id: number | null;
  project_id: number;
  tags: string[];
  version: number;
  created_at: string;
  updated_at: string;
}

export type Entity<K extends EntityKind = EntityKind> = EntityCommon & KindFields<K>;

/** An entity named in `promoted` and `dependents`. */
export interface EntityRef {
  kind: EntityKind;
  id: string;
}

/**
 * An entity that depends on another, as an environment sees it (`GET …/KIND/:id/dependents/`): one it sees whose body
 * references the other, or a flag whose rollout groups there (or the project's) use it. `name` is a flag's key.
 */
export interface DependentEntity {
  kind: EntityKind;
  id: string;
  name: string;
  is_project_wide: boolean;
}

/** A blocking dependent: an entity, or an environment whose flag state holds on to a flag or a cohort. */
export interface Dependent {
  kind: EntityKind | 'environment';
  id: string | number;
}

export interface MultivariateStateValue {
  multivariate_feature_option: number;
  percentage_allocation: number;
}

/** A flag's state in one environment: its own rollout groups and the project's, sorted by priority. */
export interface FlagState {
  feature_flag_id: string;
  environment_id: number;
  enabled: boolean;
  feature_state_value: FeatureStateValue | null;
  multivariate_feature_state_values: MultivariateStateValue[];
  segment_overrides: SegmentOverride[];
  version: number;
  /**
   * How often SDKs evaluated the flag in this environment (Flagsmith's analytics): the last 24 and 30×24 hours. On the
   * live state only: counts are data, not setup, so a past version (history, restore) has none.
   */
  evaluations?: FlagEvaluations;
}

export interface FlagEvaluations {
  last_24h: number;
  last_30d: number;
}

export interface IdentityOverride {
  identifier: string;
  enabled: boolean;
  feature_state_value: FeatureStateValue | null;
}

export interface Tag {
  id: string;
  project_id: number;
  label: string;
  color: string | null;
  description: string;
  is_permanent: boolean;
  created_at: string;
}
