import type { DomainEvent } from '../projects/event';
import type { FeatureStateValue, SegmentOverride } from './flag-definition';
import type { EntityKind, EntityReference } from './kinds';
import type { MultivariateStateValue } from './bodies';
import type { EntitiesAdoptionReport } from './adoption';

/**
 * Events of the entities service (`events.entities.<Type>`), each carrying what a consumer needs to keep its own
 * model (flag evaluation, export) without asking back. Streams:
 * - `entity-<uuid>`: one entity of any kind;
 * - `entity-graph-<projectId>`: the version every change of who-references-whom and of scope is decided against, so
 *   promotion, demotion, deletion and reference edits in different environments never interleave into a broken graph;
 * - `flag-state-<flagId>-<environmentId>`: a flag's state in one environment (its own rollout groups);
 *   `flag-rollout-<flagId>`: the flag's project-scoped rollout groups; `flag-identity-<flagId>-<environmentId>-<sha256
 *   of the identifier>`: one identity's override (a stream each, so neither grows with the number of identities);
 * - `tag-<uuid>`: a project tag.
 */

/** An entity as its events carry it; `fields` are its kind's body fields, as validated. */
export interface EntitySnapshot {
  id: string;
  kind: EntityKind;
  projectId: number;
  /** The owning environment; `null` when project-wide. */
  environmentId: number | null;
  fields: Record<string, unknown>;
  tags: string[];
  references: EntityReference[];
  createdAt: string;
  updatedAt: string;
}

export type EntityCreated = DomainEvent<'EntityCreated', { entity: EntitySnapshot }>;
/** The entity as it is after the change (fields, tags, references); `restoredFrom`: the version a restore brought back (SPEC §10). */
export type EntityUpdated = DomainEvent<'EntityUpdated', { entity: EntitySnapshot; restoredFrom?: number }>;
export type EntityMadeProjectWide = DomainEvent<'EntityMadeProjectWide', { id: string; kind: EntityKind; projectId: number; fromEnvironmentId: number; at: string }>;
export type EntityMadeEnvironmentSpecific = DomainEvent<
  'EntityMadeEnvironmentSpecific',
  { id: string; kind: EntityKind; projectId: number; environmentId: number; at: string }
>;
/**
 * The entity joined another project with the environment that owns it (SPEC §7), as it is there: same id, the
 * target's `projectId`, its references (and the ids in its fields) pointing at what came along.
 */
export type EntityMovedToProject = DomainEvent<'EntityMovedToProject', { entity: EntitySnapshot; fromProjectId: number }>;
export type EntityDeleted = DomainEvent<'EntityDeleted', { id: string; kind: EntityKind; projectId: number; environmentId: number | null; at: string }>;
/** A mark on the project's graph stream: one decision changed references or scopes. */
export type EntityGraphChanged = DomainEvent<'EntityGraphChanged', { projectId: number; entityIds: string[] }>;

export interface FlagStateSnapshot {
  enabled: boolean;
  featureStateValue: FeatureStateValue | null;
  multivariateValues: MultivariateStateValue[];
  /** This environment's own rollout groups. */
  segmentOverrides: SegmentOverride[];
}

/** `restoredFrom`: the version of the state's stream a restore brought back (SPEC §10). */
export type FlagStateChanged = DomainEvent<
  'FlagStateChanged',
  { flagId: string; projectId: number; environmentId: number; state: FlagStateSnapshot; restoredFrom?: number }
>;
/**
 * A flag's state, rollout groups and identity overrides in an environment that left the flag's project (SPEC §7): the
 * environment took a copy of the flag along; the flag stays for the project's other environments.
 */
export type FlagStateLeft = DomainEvent<'FlagStateLeft', { flagId: string; projectId: number; environmentId: number }>;
/** The project's rollout groups of a flag (scope `project`): they apply in every environment. */
export type ProjectRolloutGroupsChanged = DomainEvent<'ProjectRolloutGroupsChanged', { flagId: string; projectId: number; segmentOverrides: SegmentOverride[] }>;
export type IdentityOverrideSet = DomainEvent<
  'IdentityOverrideSet',
  { flagId: string; projectId: number; environmentId: number; identifier: string; enabled: boolean; featureStateValue: FeatureStateValue | null }
>;
export type IdentityOverrideRemoved = DomainEvent<'IdentityOverrideRemoved', { flagId: string; projectId: number; environmentId: number; identifier: string }>;

export interface TagSnapshot {
  id: string;
  projectId: number;
  label: string;
  color: string | null;
  description: string;
  isPermanent: boolean;
  createdAt: string;
}
export type TagCreated = DomainEvent<'TagCreated', { tag: TagSnapshot }>;
export type TagUpdated = DomainEvent<'TagUpdated', { tag: TagSnapshot }>;
export type TagDeleted = DomainEvent<'TagDeleted', { id: string; projectId: number }>;

/**
 * An environment's own entities, flag states and identity overrides went with the environment (stream
 * `entities-environment-<id>`); a project's everything with the project (`entities-project-<id>`). Project-wide
 * entities stay when one environment goes.
 */
export type EnvironmentEntitiesRemoved = DomainEvent<'EnvironmentEntitiesRemoved', { projectId: number; environmentId: number; at: string }>;
export type ProjectEntitiesRemoved = DomainEvent<'ProjectEntitiesRemoved', { projectId: number; at: string }>;
export type RemovalEvent = EnvironmentEntitiesRemoved | ProjectEntitiesRemoved;

/**
 * An import applied (stream `entities-import-<importId>`), in the same append as its changes: a job that resumes after
 * the append committed is answered what was done instead of importing twice.
 */
export type ImportApplied = DomainEvent<
  'ImportApplied',
  { importId: string; projectId: number; strategy: 'SKIP' | 'OVERWRITE_DESTRUCTIVE'; includeIdentityOverrides: boolean; resultSummary: Record<string, unknown>; at: string }
>;

/**
 * An environment's entities moved into another project (stream `entities-adoption-<adoptionId>`), in the same append
 * as the move: an adoption that resumes after the append committed is answered what was done instead of moving twice.
 */
export type EntitiesAdopted = DomainEvent<
  'EntitiesAdopted',
  { adoptionId: string; environmentId: number; sourceProjectId: number; targetProjectId: number; report: EntitiesAdoptionReport; at: string }
>;

export type EntityEvent = EntityCreated | EntityUpdated | EntityMadeProjectWide | EntityMadeEnvironmentSpecific | EntityMovedToProject | EntityDeleted;
export type FlagStateEvent = FlagStateChanged | FlagStateLeft | IdentityOverrideSet | IdentityOverrideRemoved;
export type TagEvent = TagCreated | TagUpdated | TagDeleted;
export type EntitiesEvent = EntityEvent | EntityGraphChanged | FlagStateEvent | ProjectRolloutGroupsChanged | TagEvent | RemovalEvent | ImportApplied | EntitiesAdopted;
export type EntitiesEventType = EntitiesEvent['type'];
