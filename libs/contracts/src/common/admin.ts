import type { ServiceName } from './subjects';

/**
 * The operator's requests every event-sourced service answers on NATS (`strata admin`), in bare JSON rather than
 * Nest's envelope. `status` and `republish` reach every instance (the relay leader is one of them, and only it can
 * move its cached checkpoint); `rebuild` and `replay` go to one instance of the service's admin queue group.
 */
export type AdminVerb = 'status' | 'rebuild' | 'republish' | 'replay';

/** `<service>.admin.<verb>` */
export function adminSubject(service: ServiceName, verb: AdminVerb, prefix = ''): string {
  return `${prefix}${service}.admin.${verb}`;
}

/** The relay's position in commit order: `xid8` (decimal) then global position. */
export interface AdminCheckpoint {
  transactionId: string;
  globalPosition: number;
}

/** One instance's answer to `status`. */
export interface AdminStatusReply {
  service: ServiceName;
  /** `host:pid` */
  instance: string;
  leader: boolean;
  checkpoint: AdminCheckpoint;
  /** Committed events the relay has not published yet, and when the oldest of them was stored (ISO 8601). */
  backlog: number;
  oldestUnpublishedAt: string | null;
  /** This instance's relay since it started: events published, and republished ones JetStream de-duplicated. */
  published: number;
  duplicates: number;
  readModels: string[];
  consumers: string[];
}

/** Rebuild the named read models projected from the service's own log (all of them when empty). */
export interface AdminRebuildRequest {
  readModels: string[];
}

export interface AdminRebuildReply {
  rebuilt: { name: string; events: number; ms: number }[];
}

/** Republish every event from this global position on (1: the whole log). */
export interface AdminRepublishRequest {
  fromPosition: number;
}

export interface AdminRepublishReply {
  instance: string;
  /** The checkpoint the leader went back to, and the events it now has to (re)publish. */
  checkpoint: AdminCheckpoint;
  backlog: number;
}

/** Apply the dead letter at this sequence of the service's dead-letter stream to the consumer that gave up on it. */
export interface AdminReplayRequest {
  sequence: number;
}

export interface AdminReplayReply {
  consumer: string;
  sequence: number;
  eventId: string;
  type: string;
  /** False when the consumer had already recorded the event (it changes nothing twice). */
  applied: boolean;
}

export interface AdminErrorReply {
  error: string;
}
