import { eventSubject, Headers, type EventEnvelope, type MessageContext } from '@strata/contracts';
import type { MsgHdrs } from 'nats';
import type { EventSource, EventTypeOf, RecordedEvent } from './service-events';

export type DecodedEnvelope = { ok: true; envelope: EventEnvelope } | { ok: false; reason: string };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const decoder = new TextDecoder();

/**
 * Reads a JetStream event body. Checks only what the consumer itself relies on (the id for idempotency, the type
 * for dispatch); the event's data is the handler's to validate.
 */
export function decodeEnvelope(data: Uint8Array): DecodedEnvelope {
  let value: unknown;
  try {
    value = JSON.parse(decoder.decode(data));
  } catch {
    return { ok: false, reason: 'body is not valid JSON' };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { ok: false, reason: 'body is not a JSON object' };
  const candidate = value as Partial<EventEnvelope>;
  if (typeof candidate.id !== 'string' || !UUID.test(candidate.id)) return { ok: false, reason: 'envelope id is not a UUID' };
  if (typeof candidate.type !== 'string' || candidate.type === '') return { ok: false, reason: 'envelope type is missing' };
  const metadata = typeof candidate.metadata === 'object' && candidate.metadata !== null ? candidate.metadata : {};
  return { ok: true, envelope: { ...candidate, metadata } as EventEnvelope };
}

/**
 * The event types of `source` a consumer or follower handles. Its owner wrote each event from the contract's union, so
 * an envelope of a selected type is trusted to carry that type's data (SPEC: validated at the edge, trusted inside).
 */
export class EventSelection<S extends EventSource, T extends EventTypeOf<S>> {
  private readonly types: ReadonlySet<string>;
  private readonly subjectPrefix: string;

  constructor(
    readonly source: S,
    readonly eventTypes: readonly T[],
    prefix = '',
  ) {
    this.types = new Set(eventTypes);
    this.subjectPrefix = eventSubject(source, '', prefix);
  }

  /** Tells from the subject alone (`events.<source>.<Type>`) whether a message is worth decoding. */
  wantsSubject(subject: string): boolean {
    return subject.startsWith(this.subjectPrefix) && this.types.has(subject.slice(this.subjectPrefix.length));
  }

  includes<E extends EventEnvelope>(envelope: E): envelope is E & RecordedEvent<S, T> {
    return this.types.has(envelope.type);
  }

  /** One subject when one type is selected; otherwise the whole stream (several filters need nats-server 2.10). */
  filterSubject(prefix = ''): string | undefined {
    return this.eventTypes.length === 1 ? eventSubject(this.source, this.eventTypes[0], prefix) : undefined;
  }
}

/** The handler's context: the event's correlation and actor, and the event itself as the cause of what follows. */
export function contextOfEvent(envelope: EventEnvelope, headers: MsgHdrs | undefined): MessageContext {
  return {
    correlationId: envelope.metadata.correlationId ?? (headers?.get(Headers.correlationId) || envelope.id),
    causationId: envelope.id,
    actor: envelope.metadata.actor ?? (headers?.get(Headers.actor) || 'anonymous'),
  };
}

/** The pause before redelivery after the `attempt`-th failure (1-based); the last step repeats. */
export function retryDelay(backoffMs: readonly number[], attempt: number): number {
  if (backoffMs.length === 0) return 0;
  return backoffMs[Math.min(Math.max(attempt, 1), backoffMs.length) - 1];
}
