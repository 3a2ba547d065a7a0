import type { entities, projects } from '@strata/contracts';

/** What flag evaluation keeps of an environment: its project, settings and the stable id it hashes with. */
export interface Environment {
  id: number;
  /** Stable through token rotation: part of the identity key when `use_identity_composite_key_for_hashing`. */
  uuid: string;
  projectId: number;
  name: string;
  settings: projects.EnvironmentSettings;
}

/** A flag's definition (its kind's fields) and scope. */
export interface Flag {
  id: string;
  /** `EvaluatedFlag.number`: the global position of the event that placed the flag in the model (its creation). */
  number: number;
  projectId: number;
  environmentId: number | null;
  fields: entities.KindFields<'feature_flag'>;
}

export interface Cohort {
  id: string;
  projectId: number;
  environmentId: number | null;
  name: string;
  rules: entities.CohortRules;
}

export interface IdentityOverrideValue {
  enabled: boolean;
  featureStateValue: entities.FeatureStateValue | null;
}
