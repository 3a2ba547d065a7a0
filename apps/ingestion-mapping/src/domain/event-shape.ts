import { taxonomy, type ingestion } from '@strata/contracts';

/** Per-event shape checks of SPEC §5, in the order of `ingestion.RESOLVE_EVENT_ERRORS`. Allocation-free. */

export const MAX_EVENT_NAME_LENGTH = 400;
export const MAX_DISTINCT_ID_LENGTH = 200;

export type JsonObject = Record<string, unknown>;

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `undefined` when the event's shape is sound, else the error it gets. */
export function shapeError(event: JsonObject): ingestion.ResolveEventError | undefined {
  const { token, team_id: teamId } = event;
  if (token === undefined || token === null) {
    if (teamId === undefined || teamId === null) return 'missing_token';
    if (typeof teamId !== 'number' || !Number.isSafeInteger(teamId) || teamId <= 0) return 'invalid_team_id';
  } else if (typeof token !== 'string') {
    return 'invalid_token';
  }
  const name = event.event;
  if (typeof name !== 'string' || name.length === 0 || name.length > MAX_EVENT_NAME_LENGTH) return 'invalid_event';
  if (!validDistinctId(event.distinct_id)) return 'invalid_distinct_id';
  const { properties, groups } = event;
  if (properties !== undefined && properties !== null && !isJsonObject(properties)) return 'invalid_properties';
  if (groups !== undefined && groups !== null && !validGroups(groups)) return 'invalid_groups';
  return undefined;
}

/** A group key as it goes out: strings as sent, numbers as their decimal string. */
export function groupKeyOf(key: unknown): string {
  return typeof key === 'string' ? key : String(key);
}

function validDistinctId(id: unknown): boolean {
  if (typeof id === 'string') return id.length > 0 && id.length <= MAX_DISTINCT_ID_LENGTH;
  return typeof id === 'number' && Number.isFinite(id);
}

function validGroups(groups: unknown): boolean {
  if (!isJsonObject(groups)) return false;
  for (const groupType in groups) {
    if (!taxonomy.isGroupTypeName(groupType)) return false;
    const key = groups[groupType];
    if (typeof key === 'string' ? key.length === 0 : typeof key !== 'number' || !Number.isFinite(key)) return false;
  }
  return true;
}
