import { MAX_NAME_LENGTH, type entities, type projects, type taxonomy } from '@strata/contracts';
import { sameName } from '../common/names';

/**
 * The report of an adoption (SPEC §7), put together from what each service says it would do (its plan) and then
 * updated with what each did: conflicts first, and the refusals they make; every entity that changes scope.
 */

export interface AdoptionSides {
  environment: { id: number; name: string };
  source: { id: number; name: string; environmentCount: number };
  target: { id: number; name: string; environmentNames: string[] };
}

export function plannedReport(
  sides: AdoptionSides,
  parts: { taxonomy: taxonomy.TaxonomyAdoptionReport; entities: entities.EntitiesAdoptionReport },
  acceptGroupTypeDisruption: boolean,
): projects.AdoptionReport {
  const { environment, source, target } = sides;
  const planned: projects.AdoptionReport = {
    status: 'planned',
    adoption_id: null,
    environment: { ...environment, name_in_target: nameInTarget(environment.name, source.name, target.environmentNames) },
    source_project: { id: source.id, name: source.name, deleted: source.environmentCount === 1 },
    target_project: { id: target.id, name: target.name },
    refused_because: [],
    conflicts: { group_types: [], flag_keys: [], property_types: [] },
    scope_changes: [],
    moved_entities: [],
    taxonomy: { group_type_mapping: {}, group_types_added: [], event_definitions_added: 0, property_definitions_added: 0 },
    tags_created: [],
  };
  const report = withEntities(withTaxonomy(planned, parts.taxonomy), parts.entities);
  const refused = refusalsOf(report, acceptGroupTypeDisruption);
  return { ...report, refused_because: refused, status: refused.length > 0 ? 'refused' : 'planned' };
}

export function withTaxonomy(report: projects.AdoptionReport, merged: taxonomy.TaxonomyAdoptionReport): projects.AdoptionReport {
  const { group_types: groupTypes, property_types: propertyTypes, event_definitions_added, property_definitions_added } = merged;
  return {
    ...report,
    conflicts: { ...report.conflicts, group_types: groupTypes.conflicts, property_types: propertyTypes },
    taxonomy: { group_type_mapping: groupTypes.mapping, group_types_added: groupTypes.added, event_definitions_added, property_definitions_added },
  };
}

export function withEntities(report: projects.AdoptionReport, moved: entities.EntitiesAdoptionReport): projects.AdoptionReport {
  return {
    ...report,
    conflicts: { ...report.conflicts, flag_keys: moved.flag_keys },
    scope_changes: moved.scope_changes,
    moved_entities: moved.moved,
    tags_created: moved.tags_created,
  };
}

/** Flag keys always collide; group types differ only with consent, and never when the target has no index left. */
export function refusalsOf(report: projects.AdoptionReport, acceptGroupTypeDisruption: boolean): projects.AdoptionRefusal[] {
  const reasons = new Set(report.conflicts.group_types.map((conflict) => conflict.reason));
  const refusals: projects.AdoptionRefusal[] = [];
  if (!acceptGroupTypeDisruption && (reasons.has('different_index') || reasons.has('index_taken'))) refusals.push('group_type_disruption');
  if (reasons.has('no_free_index')) refusals.push('no_free_group_type_index');
  if (report.conflicts.flag_keys.length > 0) refusals.push('flag_key_collision');
  return refusals;
}

/**
 * The environment keeps its name unless the target has one alike (two one-environment projects are often both
 * "Production"): then it is told apart by its project's name, and numbered if that is taken too.
 */
export function nameInTarget(name: string, sourceProjectName: string, taken: readonly string[]): string {
  const free = (candidate: string) => !taken.some((other) => sameName(other, candidate));
  if (free(name)) return name;
  const qualified = `${name} (${sourceProjectName})`;
  for (let n = 1; ; n++) {
    const suffix = n === 1 ? '' : ` ${n}`;
    const candidate = qualified.slice(0, MAX_NAME_LENGTH - suffix.length) + suffix;
    if (free(candidate)) return candidate;
  }
}
