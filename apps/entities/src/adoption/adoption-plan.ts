import { entities } from '@strata/contracts';
import { flagDefaults, referencesOf } from '@strata/rules';
import { remapIds } from '../common/remap-ids';
import { stateOf, type EntityRow } from '../entities/entities.queries';
import type { AdoptionScope, AdoptionSource, SourceGroups, SourceOverride } from './adoption-source.queries';

/**
 * What moving an environment into another project does to entities (SPEC §7), decided purely on what was loaded:
 * the environment's own entities keep their ids; the source's project-wide ones are copied under new ids as the
 * environment's own; every id in a moved or copied body that names a copied entity names its copy. Rollout groups all
 * become the environment's (a project group's cohorts are copies owned by the environment now, and the flag is seen
 * from that environment alone). A flag key the target already has is a collision: the plan is refused.
 */

export interface Placed {
  row: EntityRow;
  entity: entities.EntitySnapshot;
}

export interface PlannedState {
  flagId: string;
  state: entities.FlagStateSnapshot;
  /** The version of the state's stream in the source (0: none yet). */
  version: number;
}

export interface AdoptionPlan {
  report: entities.EntitiesAdoptionReport;
  moved: Placed[];
  copies: Placed[];
  states: PlannedState[];
  /** Own flags whose project groups became the environment's: their project groups are emptied. */
  emptiedGroups: SourceGroups[];
  /** The environment's identity overrides of copied flags, now of the copies (the own flags' stay as they are). */
  copiedOverrides: SourceOverride[];
  /** Copied flags whose originals had a state or overrides in the environment: those leave the source with it. */
  leftStates: { flagId: string; version: number }[];
  labels: string[];
}

export function planAdoption(source: AdoptionSource, scope: AdoptionScope, at: string, newId: () => string): AdoptionPlan {
  const copyIds = new Map(source.shared.map((row) => [row.id, newId()]));
  const place = (row: EntityRow, id: string): Placed => {
    const fields = remapIds(row.fields, copyIds);
    const entity = { ...stateOf(row), id, projectId: scope.targetProjectId, environmentId: scope.environmentId, fields, updatedAt: at };
    return { row, entity: { ...withoutStatus(entity), references: referencesOf(row.kind, fields) } };
  };
  const moved = source.own.map((row) => place(row, row.id));
  const copies = source.shared.map((row) => place(row, copyIds.get(row.id)!));
  const labels = [...new Set([...moved, ...copies].flatMap((placed) => placed.entity.tags))];
  return {
    report: {
      flag_keys: collisionsOf(source),
      scope_changes: copies.map(({ row, entity }) => ({ ...adopted(row), from: 'project', to: 'environment', new_id: entity.id })),
      moved: moved.map(({ row }) => adopted(row)),
      tags_created: labels.filter((label) => !source.targetLabels.has(label.toLowerCase())),
    },
    moved,
    copies,
    states: statesOf(source, [...moved, ...copies], copyIds),
    emptiedGroups: source.projectGroups.filter((groups) => !copyIds.has(groups.flagId) && groups.segmentOverrides.length > 0),
    copiedOverrides: source.identityOverrides.flatMap((override) => {
      const copy = copyIds.get(override.flagId);
      return copy === undefined ? [] : [{ ...override, flagId: copy }];
    }),
    labels,
    leftStates: leftStatesOf(source, copyIds),
  };
}

function leftStatesOf(source: AdoptionSource, copyIds: ReadonlyMap<string, string>): { flagId: string; version: number }[] {
  const versions = new Map(source.states.map((state) => [state.flagId, state.version]));
  const flagIds = new Set([...versions.keys(), ...source.identityOverrides.map((override) => override.flagId)]);
  return [...flagIds].filter((flagId) => copyIds.has(flagId)).map((flagId) => ({ flagId, version: versions.get(flagId) ?? 0 }));
}

/** A plan without the new ids: what a dry run reports. */
export function reportOnly(plan: AdoptionPlan): entities.EntitiesAdoptionReport {
  return { ...plan.report, scope_changes: plan.report.scope_changes.map(({ new_id: _new, ...change }) => change) };
}

function collisionsOf(source: AdoptionSource): entities.FlagKeyCollision[] {
  return [...source.own, ...source.shared].flatMap((row) => {
    const key = row.kind === 'feature_flag' ? String(row.fields.key) : undefined;
    const target = key === undefined ? undefined : source.targetKeys.get(key.toLowerCase());
    return key === undefined || target === undefined ? [] : [{ key, source_flag_id: row.id, target_flag_id: target }];
  });
}

/**
 * Each flag's state in the environment, recorded in the target: its own rollout groups and the project's, all of the
 * environment now, their cohorts the copies where copied. A flag with neither state nor project groups follows its
 * definition there as it did here: nothing to record.
 */
function statesOf(source: AdoptionSource, placed: Placed[], copyIds: Map<string, string>): PlannedState[] {
  const states = new Map(source.states.map((state) => [state.flagId, state]));
  const projectGroups = new Map(source.projectGroups.map((groups) => [groups.flagId, groups.segmentOverrides]));
  return placed.flatMap(({ row, entity }): PlannedState[] => {
    if (row.kind !== 'feature_flag') return [];
    const current = states.get(row.id);
    const groups = projectGroups.get(row.id) ?? [];
    if (current === undefined && groups.length === 0) return [];
    const base = current?.state ?? flagDefaults(entity.fields as entities.KindFields<'feature_flag'>);
    const segmentOverrides = [...base.segmentOverrides, ...groups.map((group) => ({ ...group, scope: 'environment' as const }))].map((group) => ({
      ...group,
      segment_id: copyIds.get(group.segment_id) ?? group.segment_id,
    }));
    const version = copyIds.has(row.id) ? 0 : (current?.version ?? 0);
    return [{ flagId: entity.id, state: { ...base, segmentOverrides }, version }];
  });
}

function adopted(row: EntityRow): entities.AdoptedEntity {
  return { kind: row.kind, id: row.id, name: String(row.fields.name ?? row.fields.key ?? '') };
}

function withoutStatus<T extends { status: unknown }>(value: T): Omit<T, 'status'> {
  const { status: _status, ...rest } = value;
  return rest;
}
