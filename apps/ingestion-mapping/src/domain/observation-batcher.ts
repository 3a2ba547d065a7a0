import { taxonomy } from '@strata/contracts';
import { detectPropertyType, lastSeenWriteDue } from '@strata/rules';
import type { KnownNames } from './event-shape';

const NOTHING_KNOWN: KnownNames = { event: () => false, eventProperty: () => false, personProperty: () => false };

/** What `resolve` reports of the good events it sees. */
export interface ObservationSink {
  event(projectId: number, name: string, seenAtMs: number): void;
  /** `value` is detected lazily: not at all once the property has been reported with a type. */
  property(projectId: number, kind: taxonomy.PropertyKind, groupTypeIndex: number | null, name: string, value: unknown, seenAtMs: number): void;
  /** The names reported before in a project (checked then): an event of known names needs no check of them again. */
  knownNames(projectId: number): KnownNames;
}

export interface ObservationBatcherOptions {
  /** Names remembered before the memory is cleared (it then re-reports what it sees: taxonomy de-duplicates too). */
  maxRemembered?: number;
}

const TYPE_BITS: Record<taxonomy.PropertyType, number> = { String: 1, Numeric: 2, Boolean: 4, DateTime: 8 };
const UNTYPED_BIT = 16;
const TYPED = 15;
/** Slots of a project's property memory: event, person, then one per group type index. */
const EVENT_SLOT = 0;
const PERSON_SLOT = 1;
const GROUP_SLOT = 2;

class ProjectMemory implements KnownNames {
  /** event name → when it was last reported. */
  readonly events = new Map<string, number>();
  /** property name → bits of the types reported, per slot. */
  readonly properties: Map<string, number>[] = Array.from({ length: GROUP_SLOT + taxonomy.MAX_GROUP_TYPES }, () => new Map());
  pendingEvents = new Set<string>();

  event(name: string): boolean {
    return this.events.has(name);
  }

  eventProperty(name: string): boolean {
    return this.properties[EVENT_SLOT].has(name);
  }

  personProperty(name: string): boolean {
    return this.properties[PERSON_SLOT].has(name);
  }

  pendingProperties: taxonomy.PropertyObservation[] = [];
  latestSeenMs = 0;
}

/**
 * De-duplicates what the mapper sees before it goes to taxonomy: an event name is reported when new and then at most
 * once per `LAST_SEEN_WRITE_INTERVAL_MS`; a property (kind, group index, name) once per detected type, and not at all
 * after it was reported with a type — taxonomy keeps the first detected type, so later ones could change nothing. A
 * million events over a few hundred names cost a few hundred reports, and a seen name costs two map lookups.
 */
export class ObservationBatcher implements ObservationSink {
  private readonly projects = new Map<number, ProjectMemory>();
  private readonly maxRemembered: number;
  private remembered = 0;
  private pending = 0;
  private added = 0;

  constructor(options: ObservationBatcherOptions = {}) {
    this.maxRemembered = options.maxRemembered ?? 1_000_000;
  }

  /** Reports waiting for `drain`. */
  get pendingCount(): number {
    return this.pending;
  }

  /** Counts every report ever added: a drain taken when this was `n` holds every report up to `n`. */
  get addedCount(): number {
    return this.added;
  }

  event(projectId: number, name: string, seenAtMs: number): void {
    const memory = this.memoryOf(projectId);
    const last = memory.events.get(name);
    if (last !== undefined && !lastSeenWriteDue(last, seenAtMs)) return;
    if (last === undefined) this.remembered++;
    memory.events.set(name, seenAtMs);
    if (!memory.pendingEvents.has(name)) {
      memory.pendingEvents.add(name);
      this.pending++;
    }
    this.added++;
    if (seenAtMs > memory.latestSeenMs) memory.latestSeenMs = seenAtMs;
  }

  property(projectId: number, kind: taxonomy.PropertyKind, groupTypeIndex: number | null, name: string, value: unknown, seenAtMs: number): void {
    const memory = this.memoryOf(projectId);
    const slot = kind === 'event' ? EVENT_SLOT : kind === 'person' ? PERSON_SLOT : GROUP_SLOT + (groupTypeIndex ?? 0);
    const seen = memory.properties[slot].get(name);
    if (seen !== undefined && (seen & TYPED) !== 0) return;
    const detectedType = detectPropertyType(name, value);
    const bit = detectedType === null ? UNTYPED_BIT : TYPE_BITS[detectedType];
    if (seen !== undefined && (seen & bit) !== 0) return;
    if (seen === undefined) this.remembered++;
    memory.properties[slot].set(name, (seen ?? 0) | bit);
    memory.pendingProperties.push(
      kind === 'group' ? { name, type: kind, groupTypeIndex: groupTypeIndex ?? 0, detectedType } : { name, type: kind, detectedType },
    );
    this.pending++;
    this.added++;
    if (seenAtMs > memory.latestSeenMs) memory.latestSeenMs = seenAtMs;
  }

  knownNames(projectId: number): KnownNames {
    return this.projects.get(projectId) ?? NOTHING_KNOWN;
  }

  /** The pending reports, one request per project, and forgets them as pending. */
  drain(): taxonomy.RecordObservationsRequest[] {
    const batches: taxonomy.RecordObservationsRequest[] = [];
    for (const [projectId, memory] of this.projects) {
      if (memory.pendingEvents.size === 0 && memory.pendingProperties.length === 0) continue;
      const seenAt = new Date(memory.latestSeenMs).toISOString();
      batches.push({ projectId, eventNames: [...memory.pendingEvents], properties: memory.pendingProperties, seenAt });
      memory.pendingEvents = new Set();
      memory.pendingProperties = [];
    }
    this.pending = 0;
    if (this.remembered > this.maxRemembered) this.forgetAll();
    return batches;
  }

  /** Puts back batches that could not be delivered, to go with the next `drain`. */
  requeue(batches: readonly taxonomy.RecordObservationsRequest[]): void {
    for (const batch of batches) {
      const memory = this.memoryOf(batch.projectId);
      for (const name of batch.eventNames) {
        if (!memory.pendingEvents.has(name)) {
          memory.pendingEvents.add(name);
          this.pending++;
        }
      }
      memory.pendingProperties.push(...batch.properties);
      this.pending += batch.properties.length;
      memory.latestSeenMs = Math.max(memory.latestSeenMs, Date.parse(batch.seenAt));
    }
  }

  /** A project whose taxonomy is gone: nothing of it is remembered or pending any more. */
  forgetProject(projectId: number): void {
    const memory = this.projects.get(projectId);
    if (memory === undefined) return;
    this.pending -= memory.pendingEvents.size + memory.pendingProperties.length;
    this.projects.delete(projectId);
  }

  private forgetAll(): void {
    this.projects.clear();
    this.remembered = 0;
  }

  private memoryOf(projectId: number): ProjectMemory {
    let memory = this.projects.get(projectId);
    if (memory === undefined) {
      memory = new ProjectMemory();
      this.projects.set(projectId, memory);
    }
    return memory;
  }
}
