import { isJsonObject, type JsonObject } from './event-shape';
import type { ObservationSink } from './observation-batcher';

/**
 * What taxonomy learns from one good event: its name, its event properties, the person properties it sets
 * (`$set`, `$set_once`) and, for `$groupidentify`, the group properties it sets (`$group_set`, see `resolve.ts`).
 */

/** Properties that carry other properties or derived columns, not event properties of their own. */
const NOT_EVENT_PROPERTIES: ReadonlySet<string> = new Set([
  '$set',
  '$set_once',
  '$unset',
  '$group_set',
  '$groups',
  '$group_0',
  '$group_1',
  '$group_2',
  '$group_3',
  '$group_4',
]);

const DOLLAR = 36;

export const GROUP_IDENTIFY = '$groupidentify';

export function observeEvent(sink: ObservationSink, projectId: number, name: string, properties: JsonObject | null, seenAtMs: number): void {
  sink.event(projectId, name, seenAtMs);
  if (properties === null) return;
  for (const key in properties) {
    if (key.charCodeAt(0) === DOLLAR && NOT_EVENT_PROPERTIES.has(key)) continue;
    sink.property(projectId, 'event', null, key, properties[key], seenAtMs);
  }
  observeSet(sink, projectId, 'person', null, properties.$set, seenAtMs);
  observeSet(sink, projectId, 'person', null, properties.$set_once, seenAtMs);
}

export function observeGroupSet(sink: ObservationSink, projectId: number, groupTypeIndex: number, groupSet: unknown, seenAtMs: number): void {
  observeSet(sink, projectId, 'group', groupTypeIndex, groupSet, seenAtMs);
}

function observeSet(
  sink: ObservationSink,
  projectId: number,
  kind: 'person' | 'group',
  groupTypeIndex: number | null,
  set: unknown,
  seenAtMs: number,
): void {
  if (!isJsonObject(set)) return;
  for (const key in set) sink.property(projectId, kind, groupTypeIndex, key, set[key], seenAtMs);
}
