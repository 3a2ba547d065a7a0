import { all, type Reference } from '../api/client';
import type { Entity } from '../api/types';
import { COLLECTIONS, ENTITY_KINDS, type EntityKind } from '@strata/contracts/entities';
import { referencesOf as bodyReferencesOf } from '@strata/rules';

/** How the console names each of SPEC §4.4's nine kinds; the kinds, their collections and references are the contracts' and rules'. */
const NAMES: Record<EntityKind, { label: string; singular: string }> = {
  dashboard: { label: 'Dashboards', singular: 'Dashboard' },
  insight: { label: 'Insights', singular: 'Insight' },
  action: { label: 'Actions', singular: 'Action' },
  cohort: { label: 'Cohorts', singular: 'Cohort' },
  feature_flag: { label: 'Feature flags', singular: 'Feature flag' },
  experiment: { label: 'Experiments', singular: 'Experiment' },
  early_access_feature: { label: 'Early access features', singular: 'Early access feature' },
  survey: { label: 'Surveys', singular: 'Survey' },
  session_recording_playlist: { label: 'Recording playlists', singular: 'Recording playlist' },
};

export const KINDS = ENTITY_KINDS.map((kind) => ({ kind, collection: COLLECTIONS[kind], ...NAMES[kind] }));

export type Kind = (typeof KINDS)[number];
export type KindName = EntityKind;

export const kindByCollection = (collection: string): Kind | undefined => KINDS.find((kind) => kind.collection === collection);
export const kindByName = (name: string): Kind | undefined => KINDS.find((kind) => kind.kind === name);

export const displayName = (entity: Entity): string => String(entity.name || entity.key || entity.id);

/** What an entity references (SPEC §4.4's dependency table, from @strata/rules), each once; a flag's rollout groups come from its state. */
export function referencesOf(kind: KindName, entity: Entity): Reference[] {
  const found: Reference[] = [];
  for (const { kind: refKind, id } of bodyReferencesOf(kind, entity)) {
    if (id !== '' && !found.some((ref) => ref.kind === refKind && ref.id === id)) found.push({ kind: refKind, id });
  }
  return found;
}

export interface Indexed {
  kind: Kind;
  entity: Entity;
}

/** Everything an environment sees (its own and the project-wide), by id: names for references, dependents for a detail. */
export async function environmentIndex(environmentId: number): Promise<Map<string, Indexed>> {
  const lists = await Promise.all(KINDS.map(async (kind) => ({ kind, entities: await all<Entity>(`/api/v2/environments/${environmentId}/${kind.collection}/?scope=all`) })));
  const index = new Map<string, Indexed>();
  for (const { kind, entities } of lists) for (const entity of entities) index.set(entity.id, { kind, entity });
  return index;
}

export function ofKind(index: Map<string, Indexed> | undefined, kind: KindName): Entity[] {
  return [...(index?.values() ?? [])].filter((entry) => entry.kind.kind === kind).map((entry) => entry.entity);
}

/** The fields of a kind's body, without what the API manages (id, scope, version, timestamps). */
export function kindFields(entity: Entity): Record<string, unknown> {
  const { id: _id, is_project_wide: _wide, environment_id: _environment, project_id: _project, version: _version, created_at: _created, updated_at: _updated, ...fields } = entity;
  return fields;
}
