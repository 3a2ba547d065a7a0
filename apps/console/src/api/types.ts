import type { entities, exportFormat, exportJobs, projects, taxonomy } from '@strata/contracts';

/** The API's bodies in the console's words: each is the contracts' own type, so the console reads what the API serves. */

export type Level = projects.OrganizationLevel;

export const LEVELS: { level: Level; label: string }[] = [
  { level: 1, label: 'Member' },
  { level: 8, label: 'Admin' },
  { level: 15, label: 'Owner' },
];

export const levelLabel = (level: number) => LEVELS.find((entry) => entry.level === level)?.label ?? String(level);

export type User = projects.User;
export type Organization = projects.Organization;
export type CurrentUser = projects.CurrentUser;
export type Project = projects.Project;
export type EnvironmentSettings = projects.EnvironmentSettings;
export type Environment = projects.Environment;
export type Member = projects.Member;
export type Grant = projects.EnvironmentGrant;
export type ServerKey = projects.ServerKey & { key?: string };
export type PersonalApiKey = projects.PersonalApiKeyWithSecret;

/** `POST /api/signup`: the new key's secret and id flattened beside the account (the gateway's signup body). */
export type Signup = Omit<projects.SignupResponse, 'personal_api_key'> & { personal_api_key: string; personal_api_key_id: string };

/** Any kind's entity, its fields read by name (each page knows the kind it shows). */
export type Entity = entities.EntityCommon & { name?: string; key?: string; description?: string; [field: string]: unknown };

export type ValueType = entities.ValueType;
export type FlagValue = entities.FeatureStateValue;
export type Allocation = entities.MultivariateStateValue;
export type SegmentOverride = entities.SegmentOverride;
export type FlagState = entities.FlagState;
export type IdentityOverride = entities.IdentityOverride;
export type MultivariateOption = NonNullable<entities.KindFields<'feature_flag'>['multivariate_options']>[number];

export type GroupType = taxonomy.GroupType;
export type EventDefinition = taxonomy.EventDefinition;
export type PropertyType = taxonomy.PropertyType;
export type PropertyDefinition = taxonomy.PropertyDefinition;

export type JobStatus = exportJobs.JobStatus;
export type Counts = exportFormat.Counts;
export type Job = exportJobs.ExportJob;
/** What the console shows of a dry run's plan: the steps of each section. */
export type ImportPlan = Pick<exportFormat.ImportPlan, 'strategy' | 'tags' | 'segments' | 'features' | 'environments' | 'feature_states'>;
export type ImportJob = exportJobs.ImportJob;
export type ImportJobSummary = exportJobs.ImportJobSummary;

export type AdoptionRefusal = projects.AdoptionRefusal;
export type AdoptionReport = projects.AdoptionReport;

/** SPEC §10: an entry of the change log, a version of an entity or flag state, a cursor page, a restore's answer. */
export type FieldChange = entities.FieldChange;
export type ActivityAction = entities.ActivityAction;
export type Actor = { id: string; email: string | null };
export type ActivityEntry = Omit<entities.ActivityRecord, 'actor' | 'position'> & { actor: Actor | null };
export type VersionEntry = Omit<entities.VersionRecord, 'actor'> & { actor: Actor | null };
export interface CursorPage<T> {
  results: T[];
  next: string | null;
}
export interface Restored<T> {
  result: T;
  changes: FieldChange[];
}

/** SPEC §11: two environments compared flag by flag, and a copy of flag states' answer. */
export type ComparedField = entities.ComparedField;
export type ComparedState = entities.ComparedState;
export type ComparedFlag = entities.ComparedFlag;
export type Comparison = entities.CompareResponse;
export type FlagStatesCopy = entities.CopyFlagStatesResponse;
export type HiddenCohortGroup = entities.HiddenCohortGroup;
export type CopyDependencies = entities.CopyDependencies;
export type CopiedEntity = entities.CopiedEntity;
export type EntityCopy = entities.CopyEntityResponse;
export type DependentEntity = entities.DependentEntity;
export type OwnEntity = entities.OwnEntity;
