import { ConflictError, taxonomy } from '@strata/contracts';
import type { ExistingEventDefinition } from '../definitions/event-definition';
import type { GroupTypeMapping } from '../group-types/group-types';
import type { ExistingPropertyDefinition } from '../definitions/property-definition';

/**
 * Merging one project's taxonomy into another's (SPEC §7), as pure rules: `planAdoption` says what the target gains and
 * what conflicts, `refusal` whether a merge may go ahead. The rules are `taxonomy.TaxonomyAdoptionReport`'s contract.
 */
export interface ProjectTaxonomy {
  /** Sorted by index. */
  groupTypes: GroupTypeMapping[];
  eventDefinitions: ExistingEventDefinition[];
  propertyDefinitions: ExistingPropertyDefinition[];
}

export interface AdoptionPlan {
  report: taxonomy.TaxonomyAdoptionReport;
  /** Source types the target gains, at their target index, with their labels. */
  groupTypes: GroupTypeMapping[];
  /** Source definitions the target lacks, as the source has them. */
  eventDefinitions: ExistingEventDefinition[];
  /** Source definitions the target lacks, group properties re-keyed to the target's index. */
  propertyDefinitions: ExistingPropertyDefinition[];
}

type GroupTypesReport = taxonomy.TaxonomyAdoptionReport['group_types'];

export function planAdoption(source: ProjectTaxonomy, target: ProjectTaxonomy): AdoptionPlan {
  const groupTypes = planGroupTypes(source.groupTypes, target.groupTypes);
  const eventDefinitions = missingEventDefinitions(source.eventDefinitions, target.eventDefinitions);
  const sourceIndexes = new Map(source.groupTypes.map((mapping) => [mapping.index, mapping.groupType]));
  const targetIndexOf = (sourceIndex: number) => groupTypes.report.mapping[sourceIndexes.get(sourceIndex) ?? ''];
  const properties = planPropertyDefinitions(source.propertyDefinitions, target.propertyDefinitions, targetIndexOf);
  return {
    report: {
      group_types: groupTypes.report,
      property_types: properties.conflicts,
      event_definitions_added: eventDefinitions.length,
      property_definitions_added: properties.missing.length,
    },
    groupTypes: groupTypes.added,
    eventDefinitions,
    propertyDefinitions: properties.missing,
  };
}

/**
 * A merge goes ahead without conflicts, or with index conflicts the caller accepted; a type with no free index in the
 * target would lose its groups, so it is refused even when accepted. The refusal carries the report.
 */
export function refusal(report: taxonomy.TaxonomyAdoptionReport, acceptGroupTypeDisruption: boolean): ConflictError | null {
  const { conflicts } = report.group_types;
  if (conflicts.some((conflict) => conflict.reason === 'no_free_index')) {
    return new ConflictError('The target project has no free group type index for every group type of the source.', 'no_free_group_type_index', null, { report });
  }
  if (conflicts.length > 0 && !acceptGroupTypeDisruption) {
    return new ConflictError('Group types sit at other indexes in the target project: accept the disruption to merge.', 'group_type_disruption', null, { report });
  }
  return null;
}

/**
 * In three passes, so that a displaced type never takes an index another source type could have kept: types the
 * target has (at another index: `different_index`), then types whose index is free there (kept), then the rest at the
 * next free index (`index_taken`) while one is left (`no_free_index`).
 */
export function planGroupTypes(source: readonly GroupTypeMapping[], target: readonly GroupTypeMapping[]): { report: GroupTypesReport; added: GroupTypeMapping[] } {
  const report: GroupTypesReport = { conflicts: [], added: [], mapping: {} };
  const targetIndexOf = new Map(target.map((mapping) => [mapping.groupType, mapping.index]));
  const taken = new Set(target.map((mapping) => mapping.index));
  const added: GroupTypeMapping[] = [];
  const place = (mapping: GroupTypeMapping, index: number) => {
    taken.add(index);
    added.push({ ...mapping, index });
    report.mapping[mapping.groupType] = index;
  };
  const lacking = source.filter((mapping) => !targetIndexOf.has(mapping.groupType));
  for (const { groupType, index } of source.filter((mapping) => targetIndexOf.has(mapping.groupType))) {
    const targetIndex = targetIndexOf.get(groupType) as number;
    report.mapping[groupType] = targetIndex;
    if (targetIndex !== index) report.conflicts.push({ group_type: groupType, source_index: index, target_index: targetIndex, reason: 'different_index' });
  }
  const displaced = lacking.filter((mapping) => taken.has(mapping.index));
  for (const mapping of lacking.filter((candidate) => !taken.has(candidate.index))) place(mapping, mapping.index);
  for (const mapping of displaced) {
    const index = nextFreeIndex(taken);
    report.conflicts.push({ group_type: mapping.groupType, source_index: mapping.index, target_index: index, reason: index === null ? 'no_free_index' : 'index_taken' });
    if (index !== null) place(mapping, index);
  }
  report.conflicts.sort((a, b) => a.source_index - b.source_index);
  report.added = added.map(({ groupType, index }) => ({ group_type: groupType, group_type_index: index })).sort((a, b) => a.group_type_index - b.group_type_index);
  return { report, added: added.sort((a, b) => a.index - b.index) };
}

function nextFreeIndex(taken: ReadonlySet<number>): number | null {
  for (let index = 0; index < taxonomy.MAX_GROUP_TYPES; index++) if (!taken.has(index)) return index;
  return null;
}

/** By name: the target's own definition is kept as it is. */
export function missingEventDefinitions(source: readonly ExistingEventDefinition[], target: readonly ExistingEventDefinition[]): ExistingEventDefinition[] {
  const names = new Set(target.map((definition) => definition.name));
  return source.filter((definition) => !names.has(definition.name));
}

/**
 * By (name, kind, group type index), a group property taking its type's index in the target (one whose type found no
 * index there is left out). The target's definition is kept, its type winning; a differing type is listed.
 */
export function planPropertyDefinitions(
  source: readonly ExistingPropertyDefinition[],
  target: readonly ExistingPropertyDefinition[],
  targetIndexOf: (sourceIndex: number) => number | undefined,
): { missing: ExistingPropertyDefinition[]; conflicts: taxonomy.PropertyTypeConflict[] } {
  const existing = new Map(target.map((definition) => [propertyKey(definition), definition]));
  const missing: ExistingPropertyDefinition[] = [];
  const conflicts: taxonomy.PropertyTypeConflict[] = [];
  for (const definition of source) {
    const adopted = rekeyed(definition, targetIndexOf);
    if (adopted === null) continue;
    const kept = existing.get(propertyKey(adopted));
    if (kept === undefined) missing.push(adopted);
    const conflict = kept === undefined ? null : typeConflict(adopted, kept);
    if (conflict !== null) conflicts.push(conflict);
  }
  return { missing, conflicts };
}

function rekeyed(definition: ExistingPropertyDefinition, targetIndexOf: (sourceIndex: number) => number | undefined): ExistingPropertyDefinition | null {
  if (definition.groupTypeIndex === null) return definition;
  const groupTypeIndex = targetIndexOf(definition.groupTypeIndex);
  return groupTypeIndex === undefined ? null : { ...definition, groupTypeIndex };
}

function propertyKey({ name, kind, groupTypeIndex }: ExistingPropertyDefinition): string {
  return JSON.stringify([kind, groupTypeIndex, name]);
}

/** Only two known types can differ: a definition without one has nothing to disagree with. */
function typeConflict(source: ExistingPropertyDefinition, kept: ExistingPropertyDefinition): taxonomy.PropertyTypeConflict | null {
  if (source.propertyType === null || kept.propertyType === null || source.propertyType === kept.propertyType) return null;
  return {
    name: kept.name,
    type: kept.kind,
    ...(kept.groupTypeIndex === null ? {} : { group_type_index: kept.groupTypeIndex }),
    source_property_type: source.propertyType,
    target_property_type: kept.propertyType,
  };
}
