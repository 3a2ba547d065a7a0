import { cohortReferencesOf, type EntityKind, type EntityReference } from '@strata/contracts/entities';

/** Every entity a body references, in field order (SPEC §4.4's table of dependencies). */
export function referencesOf(kind: EntityKind, fields: Partial<Record<string, unknown>>): EntityReference[] {
  switch (kind) {
    case 'dashboard':
      return listOf<{ insight_id: string }>(fields.tiles).map((tile, i) => ({ kind: 'insight', id: tile.insight_id, field: `tiles.${i}.insight_id` }));
    case 'insight':
    case 'session_recording_playlist':
      return filterReferences(fields.filters);
    case 'cohort':
      return cohortReferences(fields.rules);
    case 'experiment':
    case 'early_access_feature':
      return typeof fields.feature_flag_id === 'string' ? [{ kind: 'feature_flag', id: fields.feature_flag_id, field: 'feature_flag_id' }] : [];
    case 'survey':
      return (['linked_flag_id', 'targeting_flag_id'] as const).flatMap((field) =>
        typeof fields[field] === 'string' ? [{ kind: 'feature_flag' as const, id: fields[field] as string, field }] : [],
      );
    case 'action':
    case 'feature_flag':
      return [];
    default: {
      const _exhaustive: never = kind;
      return _exhaustive;
    }
  }
}

function filterReferences(filters: unknown): EntityReference[] {
  const { action_ids: actions, cohort_ids: cohorts } = (filters ?? {}) as { action_ids?: unknown; cohort_ids?: unknown };
  return [
    ...listOf<string>(actions).map((id, i) => ({ kind: 'action' as const, id, field: `filters.action_ids.${i}` })),
    ...listOf<string>(cohorts).map((id, i) => ({ kind: 'cohort' as const, id, field: `filters.cohort_ids.${i}` })),
  ];
}

function cohortReferences(rules: unknown): EntityReference[] {
  if (!Array.isArray(rules)) return [];
  const { cohortIds, actionIds } = cohortReferencesOf(rules);
  return [
    ...cohortIds.map((id) => ({ kind: 'cohort' as const, id, field: 'rules' })),
    ...actionIds.map((id) => ({ kind: 'action' as const, id, field: 'rules' })),
  ];
}

function listOf<T>(value: unknown): T[] {
  return Array.isArray(value) ? (value as T[]) : [];
}

/** What `search` matches: the name, or a flag's key and name. */
export function searchTextOf(kind: EntityKind, fields: Partial<Record<string, unknown>>): string {
  const text = kind === 'feature_flag' ? `${String(fields.key ?? '')} ${String(fields.name ?? '')}` : String(fields.name ?? '');
  return text.trim();
}
