export type Level = 1 | 8 | 15;

export const LEVELS: { level: Level; label: string }[] = [
  { level: 1, label: 'Member' },
  { level: 8, label: 'Admin' },
  { level: 15, label: 'Owner' },
];

export const levelLabel = (level: number) => LEVELS.find((entry) => entry.level === level)?.label ?? String(level);

export interface User {
  id: string;
  email: string;
  first_name: string;
  created_at: string;
}

export interface Organization {
  id: string;
  name: string;
  created_at: string;
}

export interface CurrentUser extends User {
  organizations: (Organization & { level: Level })[];
}

export interface Project {
  id: number;
  organization_id: string;
  name: string;
  environments: { id: number; name: string }[];
  created_at: string;
}

export interface EnvironmentSettings {
  app_urls: string[];
  recording_domains: string[];
  timezone: string;
  /** `null`: change requests are off. */
  minimum_change_request_approvals: number | null;
  allow_client_traits: boolean;
  banner_text: string | null;
  banner_colour: string | null;
  hide_disabled_flags: boolean | null;
  use_identity_composite_key_for_hashing: boolean;
  hide_sensitive_data: boolean;
  use_v2_feature_versioning: boolean;
  use_identity_overrides_in_local_eval: boolean;
}

export interface Environment extends EnvironmentSettings {
  id: number;
  uuid: string;
  project_id: number;
  organization_id: string;
  name: string;
  api_token: string;
  access_control: boolean;
  created_at: string;
}

export interface Member {
  user: User;
  level: Level;
  joined_at: string;
}

export interface Grant {
  user_id: string;
  level: 1 | 8;
}

export interface ServerKey {
  id: string;
  name: string;
  visible_prefix: string;
  created_at: string;
  key?: string;
}

export interface PersonalApiKey {
  id: string;
  label: string;
  visible_prefix: string;
  scoped_organizations: string[] | null;
  scoped_environments: number[] | null;
  created_at: string;
  value: string;
}

export interface Signup {
  user: User;
  organization: Organization;
  project: Project;
  environment: Environment;
  personal_api_key: string;
  personal_api_key_id: string;
}

export interface Entity {
  id: string;
  name?: string;
  key?: string;
  description?: string;
  is_project_wide: boolean;
  environment_id: number | null;
  project_id: number;
  tags: string[];
  version: number;
  created_at: string;
  updated_at: string;
  [field: string]: unknown;
}

export type ValueType = 'unicode' | 'int' | 'bool';

export interface FlagValue {
  type: ValueType;
  string_value?: string | null;
  integer_value?: number | null;
  boolean_value?: boolean | null;
}

export interface Allocation {
  multivariate_feature_option: number;
  percentage_allocation: number;
}

export interface SegmentOverride {
  segment_id: string;
  priority: number;
  scope: 'environment' | 'project';
  enabled: boolean;
  feature_state_value?: FlagValue | null;
  multivariate_feature_state_values?: Allocation[];
}

export interface FlagState {
  feature_flag_id: string;
  environment_id: number;
  enabled: boolean;
  feature_state_value: FlagValue | null;
  multivariate_feature_state_values: Allocation[];
  segment_overrides: SegmentOverride[];
  version: number;
}

export interface IdentityOverride {
  identifier: string;
  enabled: boolean;
  feature_state_value: FlagValue | null;
}

export interface MultivariateOption extends FlagValue {
  default_percentage_allocation: number;
}

export interface GroupType {
  group_type: string;
  group_type_index: number;
  name_singular: string | null;
  name_plural: string | null;
}

export interface EventDefinition {
  id: string;
  name: string;
  description: string | null;
  tags: string[];
  verified: boolean;
  last_seen_at: string | null;
  created_at: string;
}

export type PropertyType = 'String' | 'Numeric' | 'Boolean' | 'DateTime';

export interface PropertyDefinition {
  id: string;
  name: string;
  type: 'event' | 'person' | 'group';
  group_type_index: number | null;
  property_type: PropertyType | null;
  is_numerical: boolean;
  description: string | null;
}

export type JobStatus = 'PROCESSING' | 'SUCCESS' | 'FAILED';

export interface Counts {
  created: number;
  updated: number;
  deleted: number;
  skipped: number;
}

export interface Job {
  id: string;
  status: JobStatus;
  created_at: string;
  finished_at: string | null;
  error: string | null;
}

export interface PlanStep {
  action: 'create' | 'update' | 'skip';
  name: string;
  index: number;
  id?: string | number;
}

export interface StateStep {
  action: 'create' | 'update' | 'skip';
  environment_name: string;
  feature_name: string;
}

export interface ImportPlan {
  strategy: string;
  tags: PlanStep[];
  segments: PlanStep[];
  features: PlanStep[];
  environments: PlanStep[];
  feature_states: StateStep[];
}

export interface ImportJob extends Job {
  strategy: 'SKIP' | 'OVERWRITE_DESTRUCTIVE';
  dry_run: boolean;
  result_summary: Record<string, Counts> | null;
  plan: (ImportPlan & { omitted?: unknown }) | null;
}

/** SPEC §7's report of `POST /api/v2/projects/:target_id/adopt_environment` (a dry run's answer, a refusal's 409 body, the move's answer). */
export type AdoptionRefusal = 'group_type_disruption' | 'no_free_group_type_index' | 'flag_key_collision';

export interface AdoptedEntity {
  kind: string;
  id: string;
  name: string;
}

export interface AdoptionReport {
  status: 'planned' | 'refused' | 'completed';
  adoption_id: string | null;
  environment: { id: number; name: string; name_in_target: string };
  source_project: { id: number; name: string; deleted: boolean };
  target_project: { id: number; name: string };
  refused_because: AdoptionRefusal[];
  conflicts: {
    group_types: { group_type: string; source_index: number; target_index: number | null; reason: 'different_index' | 'index_taken' | 'no_free_index' }[];
    flag_keys: { key: string; source_flag_id: string; target_flag_id: string }[];
    property_types: { name: string; type: 'event' | 'person' | 'group'; group_type_index?: number; source_property_type: PropertyType; target_property_type: PropertyType }[];
  };
  scope_changes: (AdoptedEntity & { from: 'project'; to: 'environment'; new_id?: string })[];
  moved_entities: AdoptedEntity[];
  taxonomy: {
    group_type_mapping: Record<string, number>;
    group_types_added: { group_type: string; group_type_index: number }[];
    event_definitions_added: number;
    property_definitions_added: number;
  };
  tags_created: string[];
}
