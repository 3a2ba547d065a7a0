import type { NoContent, Page, PageRequest, Preconditioned, TextPage, Versioned } from '../common/messages';
import type { Dependent, DependentEntity, Entity, EntityRef, FlagState, IdentityOverride, Tag } from './bodies';
import type { FeatureStateValue, FlagStateChanges } from './flag-definition';
import type { EntityKind, KindFields } from './kinds';

/**
 * Request/reply contracts of SPEC §4.4. The gateway has asked the projects service whether the caller sees the
 * environment (or project) and sends what it resolved: the environment and its project. The entities service
 * decides everything else — which entities that environment sees, references, scope changes.
 */

/** The environment a request is made through, and its project. */
export interface EnvironmentScope {
  projectId: number;
  environmentId: number;
}

/** `scope` of the list route: the environment's own, the project's project-wide, or both (the default). */
export type ListScope = 'all' | 'environment' | 'project';

export interface ListEntitiesRequest {
  in: EnvironmentScope;
  kind: EntityKind;
  scope: ListScope;
  search?: string;
  /** Flags only: those neither evaluated nor changed in this environment for this many days. */
  stale?: StaleFilter;
  page: PageRequest;
}

/** `?stale=<days>`, judged at `at` (an ISO instant; the service's clock when absent). */
export interface StaleFilter {
  days: number;
  at?: string;
}
export type ListEntitiesResponse = TextPage<Entity>;

/** `GET /api/v2/projects/:project_id/KIND/`: the project-wide entities only. */
export interface ListProjectWideRequest {
  projectId: number;
  kind: EntityKind;
  search?: string;
  page: PageRequest;
}

export interface GetEntityRequest {
  in: EnvironmentScope;
  kind: EntityKind;
  id: string;
}
export type EntityResponse = Versioned<Entity>;

export interface CreateEntityRequest {
  in: EnvironmentScope;
  kind: EntityKind;
  fields: KindFields;
  tags?: string[];
  /** Promotes the entity and what it references at once. */
  isProjectWide?: boolean;
}

export interface UpdateEntityRequest extends Preconditioned {
  in: EnvironmentScope;
  kind: EntityKind;
  id: string;
  changes: Partial<KindFields>;
  tags?: string[];
  isProjectWide?: boolean;
}

export interface DeleteEntityRequest extends Preconditioned {
  in: EnvironmentScope;
  kind: EntityKind;
  id: string;
}

export interface MakeProjectWideRequest {
  in: EnvironmentScope;
  kind: EntityKind;
  id: string;
  dryRun: boolean;
}
export interface MakeProjectWideResponse {
  /** The entity as it is (or, in a dry run, would be) afterwards. */
  result: Entity;
  /** Every entity whose scope the call changes (or would), the entity itself included when it was environment-specific. */
  promoted: EntityRef[];
  version: number;
}

export interface MakeEnvironmentSpecificRequest {
  in: EnvironmentScope;
  kind: EntityKind;
  id: string;
}

/** What depends on an entity the environment sees (404 when it does not see it): only what that environment sees. */
export interface DependentsRequest {
  in: EnvironmentScope;
  kind: EntityKind;
  id: string;
}
/** Every dependent (an entity has few): the gateway cuts the page. */
export type DependentsResponse = Page<DependentEntity>;

/** 409 `in_use` carries `dependents`. */
export interface InUseDetails {
  dependents: Dependent[];
}

export interface GetFlagStateRequest {
  in: EnvironmentScope;
  flagId: string;
}
export type FlagStateResponse = Versioned<FlagState>;

export interface UpdateFlagStateRequest extends Preconditioned {
  in: EnvironmentScope;
  flagId: string;
  changes: FlagStateChanges;
}

export interface ListIdentityOverridesRequest {
  in: EnvironmentScope;
  flagId: string;
  page: PageRequest;
}
export type ListIdentityOverridesResponse = TextPage<IdentityOverride>;

export interface SetIdentityOverrideRequest {
  in: EnvironmentScope;
  flagId: string;
  identifier: string;
  enabled: boolean;
  featureStateValue?: FeatureStateValue | null;
}
export type SetIdentityOverrideResponse = IdentityOverride;

export interface RemoveIdentityOverrideRequest {
  in: EnvironmentScope;
  flagId: string;
  identifier: string;
}

/** One hour's evaluations of a flag in an environment, as an edge counted them (Flagsmith's analytics, SPEC §4.5). */
export interface EvaluationCount {
  flagId: string;
  environmentId: number;
  /** The start of the hour the evaluations were counted in (ISO-8601, on the hour). */
  hour: string;
  count: number;
}

/**
 * A batch of counts an edge aggregated in memory: added once per `batchId`, so a batch sent again (its reply lost)
 * does not count twice.
 */
export interface RecordEvaluationsRequest {
  batchId: string;
  counts: EvaluationCount[];
}
/** `recorded: false` when the batch had been recorded before. */
export interface RecordEvaluationsResponse {
  recorded: boolean;
}

export interface ListTagsRequest {
  projectId: number;
  page: PageRequest;
}
export type ListTagsResponse = TextPage<Tag>;

export interface TagFields {
  label: string;
  color?: string | null;
  description?: string;
  isPermanent?: boolean;
}
export interface CreateTagRequest extends TagFields {
  projectId: number;
}
export interface UpdateTagRequest extends Partial<TagFields>, Preconditioned {
  projectId: number;
  tagId: string;
}
export interface DeleteTagRequest extends Preconditioned {
  projectId: number;
  tagId: string;
}
export type TagResponse = Versioned<Tag>;
export type { NoContent };
