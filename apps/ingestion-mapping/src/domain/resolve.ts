import { ingestion, taxonomy } from '@strata/contracts';
import { groupKeyOf, isJsonObject, shapeError, storableNames, type JsonObject } from './event-shape';
import type { ObservationSink } from './observation-batcher';
import { GROUP_IDENTIFY, observeEvent, observeGroupSet } from './observe';
import type { IngestionTables } from './tables';

/**
 * `ingestion.resolve` without I/O, in two passes. The first answers every event it can from the tables and lists the
 * group types that need registering (unknown to a project that still has room); when there are none its results are
 * final. Otherwise the handler registers them through taxonomy (`taxonomy.groupTypes.resolve`), teaches the tables the
 * answer, and `completeBatch` fills in the waiting events; a type still without an index is then dropped.
 */

/** An event whose groups wait for a registration. */
export interface WaitingEvent {
  result: ingestion.ResolvedEvent;
  groups: JsonObject | null;
  /** `$groupidentify` of a type not yet registered: its `$group_set` is observed once the type has an index. */
  groupIdentify: { groupType: string; groupSet: unknown } | null;
}

export interface FirstPass {
  results: ingestion.ResolveResult[];
  /** projectId → group types to register. Empty: `results` are final. */
  toRegister: Map<number, Set<string>>;
  waiting: WaitingEvent[];
  seenAtMs: number;
}

const GROUP_KEYS = Array.from({ length: taxonomy.MAX_GROUP_TYPES }, (_, index) => `$group_${index}` as const);

/** Shared, frozen refusals: a bad event costs no allocation. */
const REFUSALS = new Map(ingestion.RESOLVE_EVENT_ERRORS.map((error) => [error, Object.freeze<ingestion.RefusedEvent>({ ok: false, error })]));
const refused = (error: ingestion.ResolveEventError): ingestion.RefusedEvent => REFUSALS.get(error) ?? { ok: false, error };

/** Throws a `ValidationError` (code of `ingestion.RESOLVE_BATCH_ERRORS`) when the batch as a whole is unusable. */
export function resolveBatch(tables: IngestionTables, body: unknown, sink: ObservationSink | null, seenAtMs: number): FirstPass {
  const events = ingestion.eventsOfBatch(body);
  const pass: FirstPass = { results: new Array<ingestion.ResolveResult>(events.length), toRegister: new Map(), waiting: [], seenAtMs };
  for (let i = 0; i < events.length; i++) pass.results[i] = resolveEvent(tables, events[i], sink, pass);
  return pass;
}

/** The second pass, after the registrations of `pass.toRegister` were learnt by the tables. */
export function completeBatch(pass: FirstPass, tables: IngestionTables, sink: ObservationSink | null): ingestion.ResolveResponse {
  for (const { result, groups, groupIdentify } of pass.waiting) {
    const known = tables.groupTypesOf(result.project_id);
    result.groups = {};
    delete result.dropped_groups;
    if (groups !== null) mapGroups(result, groups, known, null);
    const index = groupIdentify === null ? undefined : known?.get(groupIdentify.groupType);
    if (sink !== null && index !== undefined) observeGroupSet(sink, result.project_id, index, groupIdentify?.groupSet, pass.seenAtMs);
  }
  return { results: pass.results };
}

function resolveEvent(tables: IngestionTables, event: unknown, sink: ObservationSink | null, pass: FirstPass): ingestion.ResolveResult {
  if (!isJsonObject(event)) return refused('invalid_event');
  const error = shapeError(event);
  if (error !== undefined) return refused(error);
  const { token } = event;
  const route = typeof token === 'string' ? tables.routeOfToken(token) : tables.routeOfEnvironment(event.team_id as number);
  if (route === undefined) return typeof token === 'string' ? refused('unknown_token') : refused('unknown_team_id');

  const { projectId } = route;
  const properties = isJsonObject(event.properties) ? event.properties : null;
  if (!storableNames(event.event as string, properties, sink?.knownNames(projectId))) return refused('invalid_name');
  const known = tables.groupTypesOf(projectId);
  const result: ingestion.ResolvedEvent = { ok: true, team_id: route.environmentId, project_id: projectId, groups: {} };
  const groups = isJsonObject(event.groups) ? event.groups : null;
  let waits = groups !== null && mapGroups(result, groups, known, pass.toRegister, projectId);
  let groupIdentify: WaitingEvent['groupIdentify'] = null;

  if (sink !== null) {
    observeEvent(sink, projectId, event.event as string, properties, pass.seenAtMs);
    const identified = properties === null ? undefined : identifiedGroupType(event.event as string, properties);
    if (identified !== undefined) {
      const index = known?.get(identified);
      if (index !== undefined) observeGroupSet(sink, projectId, index, properties?.$group_set, pass.seenAtMs);
      else if (needsRegistration(identified, known, pass.toRegister, projectId)) {
        groupIdentify = { groupType: identified, groupSet: properties?.$group_set };
        waits = true;
      }
    }
  }
  if (waits) pass.waiting.push({ result, groups, groupIdentify });
  return result;
}

/**
 * Maps known types to `$group_<index>`. An unknown type waits for registration when `toRegister` is given and the
 * project has room; otherwise it is dropped. Returns whether any type waits.
 */
function mapGroups(
  result: ingestion.ResolvedEvent,
  groups: JsonObject,
  known: ReadonlyMap<string, number> | undefined,
  toRegister: Map<number, Set<string>> | null,
  projectId = result.project_id,
): boolean {
  let waits = false;
  for (const groupType in groups) {
    const index = known?.get(groupType);
    if (index !== undefined) {
      result.groups[GROUP_KEYS[index]] = groupKeyOf(groups[groupType]);
    } else if (toRegister !== null && needsRegistration(groupType, known, toRegister, projectId)) {
      waits = true;
    } else {
      (result.dropped_groups ??= []).push(groupType);
    }
  }
  return waits;
}

/** Adds an unknown type to the registrations when its project still has a free index. */
function needsRegistration(
  groupType: string,
  known: ReadonlyMap<string, number> | undefined,
  toRegister: Map<number, Set<string>> | null,
  projectId: number,
): boolean {
  if (toRegister === null || (known !== undefined && known.size >= taxonomy.MAX_GROUP_TYPES)) return false;
  let types = toRegister.get(projectId);
  if (types === undefined) {
    types = new Set();
    toRegister.set(projectId, types);
  }
  types.add(groupType);
  return true;
}

function identifiedGroupType(name: string, properties: JsonObject): string | undefined {
  if (name !== GROUP_IDENTIFY) return undefined;
  const groupType = properties.$group_type;
  return taxonomy.isGroupTypeName(groupType) ? groupType : undefined;
}
