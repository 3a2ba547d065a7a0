import { Headers, type EventEnvelope, type MessageContext } from '@strata/contracts';
import type { MsgHdrs } from 'nats';

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
