import { ConflictError, type entities } from '@strata/contracts';
import { flagDefaults, referencesOf } from '@strata/rules';
import { remapIds } from '../common/remap-ids';
import { nameOf } from '../entities/entity';
import type { EntityRow } from '../entities/entities.queries';
import type { CohortScopes } from '../flags/flag-state';

/**
 * What copying entities into another environment does (SPEC §11), decided purely on what was loaded, like the graph's
 * rules in `graph.ts`. From the roots, everything they reference is followed — body references, and for a flag the
 * cohorts of the rollout groups of its state in the source environment:
 * - a root is always copied (a new id, the target environment's own);
 * - a dependency the target already sees as the very same entity (project-wide in the same project) is used as it is;
 * - with `link`, a dependency is the target's entity of the same kind and name (a flag: key, case-insensitively) where
 *   the target sees one — its own or its project's project-wide — and what that entity references is its own business;
 * - anything else is copied, and what it references is followed in turn.
 * Every id in a copied body that names a copied or linked entity names its counterpart in the target. A copied flag
 * comes with its definition and the source environment's state (its own rollout groups and the project's, all of the
 * target environment now). A copied flag whose key the target project has is a collision: the copy is refused.
 */

/** An entity that may be copied, with what its copy must bring along besides its body's references. */
export interface CopyNode {
  row: EntityRow;
  references: readonly entities.EntityReference[];
}

/** A flag's state in the source environment: set (`null`: its defaults) and the project's rollout groups. */
export interface SourceState {
  state: entities.FlagStateSnapshot | null;
  projectGroups: readonly entities.SegmentOverride[];
}

export interface CopySource {
  nodes: ReadonlyMap<string, CopyNode>;
  /** By flag id: the flags among the nodes that have a state or project groups in the source environment. */
  states: ReadonlyMap<string, SourceState>;
}

/** An entity the target environment sees: its id, and its environment (`null` when project-wide). */
export interface SeenInTarget {
  id: string;
  environmentId: number | null;
}

export interface CopyTarget {
  scope: entities.EnvironmentScope;
  /** The source environment's project is the target's. */
  sameProject: boolean;
  /** What the target sees, keyed by `matchKey`: the first of each kind and name. */
  visible: ReadonlyMap<string, SeenInTarget>;
  /** Every flag of the target project, either scope, by lower-cased key. */
  flagKeys: ReadonlyMap<string, string>;
}

export interface PlacedCopy {
  from: EntityRow;
  entity: entities.EntitySnapshot;
}

export interface PlannedFlagState {
  flagId: string;
  fields: Record<string, unknown>;
  changes: entities.FlagStateChanges;
  cohorts: CohortScopes;
}

export interface EntityCopyPlan {
  created: PlacedCopy[];
  linked: (entities.CopiedEntity & SeenInTarget)[];
  /** Source id → the target's counterpart (copy or link). */
  ids: ReadonlyMap<string, string>;
  states: PlannedFlagState[];
}

/** How the target's entities are matched for `link`: kind and name; a flag by its key in any case. */
export function matchKey(kind: entities.EntityKind, name: string): string {
  return `${kind}:${kind === 'feature_flag' ? name.toLowerCase() : name}`;
}

export function planEntityCopy(roots: readonly string[], source: CopySource, target: CopyTarget, dependencies: entities.CopyDependencies, at: string, newId: () => string): EntityCopyPlan {
  const ids = new Map<string, string>();
  const copied: CopyNode[] = [];
  const linked: EntityCopyPlan['linked'] = [];
  const rootIds = new Set(roots);
  const queue = [...roots];
  while (queue.length > 0) {
    const id = queue.shift()!;
    const node = source.nodes.get(id);
    if (node === undefined || ids.has(id)) continue;
    const link = rootIds.has(id) ? undefined : linkFor(node.row, target, dependencies);
    if (link !== undefined) {
      ids.set(id, link.id);
      linked.push({ kind: node.row.kind, from_id: id, ...link });
      continue;
    }
    ids.set(id, newId());
    copied.push(node);
    queue.push(...node.references.map((reference) => reference.id), ...groupCohorts(source.states.get(id)));
  }
  assertNoCollision(copied, target);
  const created = copied.map((node) => placed(node, ids, target, at));
  const cohorts = cohortScopes(created, linked, target);
  return { created, linked, ids, states: created.flatMap((copy) => stateOf(copy, source, ids, cohorts)) };
}

function linkFor(row: EntityRow, target: CopyTarget, dependencies: entities.CopyDependencies): SeenInTarget | undefined {
  if (target.sameProject && row.environment_id === null) return { id: row.id, environmentId: null };
  if (dependencies === 'copy') return undefined;
  return target.visible.get(matchKey(row.kind, nameOf(row.kind, row.fields)));
}

function groupCohorts(state: SourceState | undefined): string[] {
  if (state === undefined) return [];
  return [...(state.state?.segmentOverrides ?? []), ...state.projectGroups].map((group) => group.segment_id);
}

/** 409 `duplicate_key` naming every copied flag whose key the target project has; nothing is copied. */
function assertNoCollision(copied: readonly CopyNode[], target: CopyTarget): void {
  const keys = copied.filter(({ row }) => row.kind === 'feature_flag' && target.flagKeys.has(String(row.fields.key).toLowerCase())).map(({ row }) => String(row.fields.key));
  if (keys.length === 0) return;
  throw new ConflictError(`The target project already has flags with these keys: ${keys.join(', ')}.`, 'duplicate_key', 'key', { keys });
}

function placed(node: CopyNode, ids: ReadonlyMap<string, string>, target: CopyTarget, at: string): PlacedCopy {
  const { row } = node;
  const fields = remapIds(row.fields, ids);
  const entity: entities.EntitySnapshot = {
    id: ids.get(row.id)!,
    kind: row.kind,
    projectId: target.scope.projectId,
    environmentId: target.scope.environmentId,
    fields,
    tags: row.tags,
    references: referencesOf(row.kind, fields),
    createdAt: at,
    updatedAt: at,
  };
  return { from: row, entity };
}

/** The target's cohorts a copied state's rollout groups may name: the copies (its own) and what was linked. */
function cohortScopes(created: readonly PlacedCopy[], linked: EntityCopyPlan['linked'], target: CopyTarget): CohortScopes {
  const scopes = new Map<string, number | null>();
  for (const { entity } of created) if (entity.kind === 'cohort') scopes.set(entity.id, target.scope.environmentId);
  for (const link of linked) if (link.kind === 'cohort') scopes.set(link.id, link.environmentId);
  return scopes;
}

/** A copied flag's state in the target: the source environment's, every rollout group the environment's own there. */
function stateOf(copy: PlacedCopy, source: CopySource, ids: ReadonlyMap<string, string>, cohorts: CohortScopes): PlannedFlagState[] {
  const current = source.states.get(copy.from.id);
  if (copy.entity.kind !== 'feature_flag' || current === undefined) return [];
  const base = current.state ?? flagDefaults(copy.entity.fields as Partial<entities.KindFields<'feature_flag'>>);
  const groups = [...base.segmentOverrides, ...current.projectGroups].map((group) => ({ ...group, scope: 'environment' as const, segment_id: ids.get(group.segment_id) ?? group.segment_id }));
  const changes: entities.FlagStateChanges = {
    enabled: base.enabled,
    feature_state_value: base.featureStateValue,
    multivariate_feature_state_values: base.multivariateValues,
    segment_overrides: groups,
  };
  return [{ flagId: copy.entity.id, fields: copy.entity.fields, changes, cohorts }];
}

/** The report: what was (or, with `ids: null`, would be) created, and what was linked. */
export function copyReport(plan: EntityCopyPlan, dryRun: boolean): entities.CopyEntityResponse {
  return {
    created: plan.created.map(({ from, entity }) => ({ kind: from.kind, from_id: from.id, id: dryRun ? null : entity.id })),
    linked: plan.linked.map(({ kind, from_id, id }) => ({ kind, from_id, id })),
  };
}
