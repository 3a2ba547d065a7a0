import { all, type Reference } from '../api/client';
import type { Entity } from '../api/types';

/** SPEC §4.4's nine kinds: the collection the URL names and the singular `promoted` / `dependents` name. */
export const KINDS = [
  { kind: 'dashboard', collection: 'dashboards', label: 'Dashboards', singular: 'Dashboard' },
  { kind: 'insight', collection: 'insights', label: 'Insights', singular: 'Insight' },
  { kind: 'action', collection: 'actions', label: 'Actions', singular: 'Action' },
  { kind: 'cohort', collection: 'cohorts', label: 'Cohorts', singular: 'Cohort' },
  { kind: 'feature_flag', collection: 'feature_flags', label: 'Feature flags', singular: 'Feature flag' },
  { kind: 'experiment', collection: 'experiments', label: 'Experiments', singular: 'Experiment' },
  { kind: 'early_access_feature', collection: 'early_access_features', label: 'Early access features', singular: 'Early access feature' },
  { kind: 'survey', collection: 'surveys', label: 'Surveys', singular: 'Survey' },
  { kind: 'session_recording_playlist', collection: 'session_recording_playlists', label: 'Recording playlists', singular: 'Recording playlist' },
] as const;

export type Kind = (typeof KINDS)[number];
export type KindName = Kind['kind'];

export const kindByCollection = (collection: string): Kind | undefined => KINDS.find((kind) => kind.collection === collection);
export const kindByName = (name: string): Kind | undefined => KINDS.find((kind) => kind.kind === name);

export const displayName = (entity: Entity): string => String(entity.name || entity.key || entity.id);

interface RuleGroup {
  rules?: RuleGroup[];
  conditions?: { operator?: string; value?: unknown }[];
}

/** What an entity references, by kind (SPEC §4.4's dependency table); a flag's rollout groups come from its state. */
export function referencesOf(kind: KindName, entity: Entity): Reference[] {
  const found: Reference[] = [];
  const add = (refKind: KindName, id: unknown) => {
    if (typeof id === 'string' && id !== '' && !found.some((ref) => ref.kind === refKind && ref.id === id)) found.push({ kind: refKind, id });
  };
  const filters = (entity.filters ?? {}) as { action_ids?: string[]; cohort_ids?: string[] };
  switch (kind) {
    case 'dashboard':
      for (const tile of (entity.tiles ?? []) as { insight_id: string }[]) add('insight', tile.insight_id);
      break;
    case 'insight':
    case 'session_recording_playlist':
      for (const id of filters.action_ids ?? []) add('action', id);
      for (const id of filters.cohort_ids ?? []) add('cohort', id);
      break;
    case 'cohort': {
      const walk = (groups: RuleGroup[]) => {
        for (const group of groups) {
          for (const condition of group.conditions ?? []) {
            if (condition.operator === 'IN_COHORT') add('cohort', String(condition.value));
            if (condition.operator === 'PERFORMED_ACTION') add('action', String(condition.value));
          }
          walk(group.rules ?? []);
        }
      };
      walk((entity.rules ?? []) as RuleGroup[]);
      break;
    }
    case 'experiment':
    case 'early_access_feature':
      add('feature_flag', entity.feature_flag_id);
      break;
    case 'survey':
      add('feature_flag', entity.linked_flag_id);
      add('feature_flag', entity.targeting_flag_id);
      break;
    case 'action':
    case 'feature_flag':
      break;
    default: {
      const _exhaustive: never = kind;
      return _exhaustive;
    }
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
