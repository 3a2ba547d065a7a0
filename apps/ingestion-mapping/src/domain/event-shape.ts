import { isStorableText, taxonomy, type ingestion } from '@strata/contracts';

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

/** Property bags whose keys become definitions (`observe.ts`). */
const NAMED_BAGS = ['$set', '$set_once', '$group_set'] as const;

/**
 * Every name taxonomy would make a definition of is text Postgres can store: one event must never stop a project's
 * definitions (its report would fail as a whole), so it is refused here, and says why.
 */
export function storableNames(name: string, properties: JsonObject | null, known: KnownNames = NONE_KNOWN): boolean {
  if (!known.event(name) && !isStorableText(name)) return false;
  if (properties === null) return true;
  if (!storableKeys(properties, known, 'event')) return false;
  for (const bag of NAMED_BAGS) {
    const named = properties[bag];
    if (isJsonObject(named) && !storableKeys(named, known, bag === '$group_set' ? null : 'person')) return false;
  }
  return true;
}

/** Names already reported were checked when first seen: only never-seen names cost a check (the hot path). */
export interface KnownNames {
  event(name: string): boolean;
  eventProperty(name: string): boolean;
  personProperty(name: string): boolean;
}

const NONE_KNOWN: KnownNames = { event: () => false, eventProperty: () => false, personProperty: () => false };

function storableKeys(object: JsonObject, known: KnownNames, kind: 'event' | 'person' | null): boolean {
  for (const key in object) {
    const seen = kind === 'event' ? known.eventProperty(key) : kind === 'person' && known.personProperty(key);
    if (!seen && !isStorableText(key)) return false;
  }
  return true;
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
