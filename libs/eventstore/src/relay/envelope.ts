import { Headers, type EventEnvelope, type ServiceName } from '@strata/contracts';
import { headers, type MsgHdrs } from 'nats';
import type { Checkpoint, RecordedEvent } from '../types';

export function toEnvelope(service: ServiceName, event: RecordedEvent): EventEnvelope {
  return {
    id: event.id,
    service,
    streamId: event.streamId,
    streamPosition: event.streamPosition,
    globalPosition: event.globalPosition,
    type: event.type,
    data: event.data,
    metadata: event.metadata,
    createdAt: event.createdAt.toISOString(),
  };
}

/**
 * The relay's position when it published a message (`<transaction id>:<global position>`): the message's own event,
 * or, for an event published again on request, the newest event the relay had published by then.
 */
export const RELAY_POSITION_HEADER = 'Strata-Relay-Position';

/** SPEC §3 headers from the event's metadata, and the relay's position; `Nats-Msg-Id` is set by the publish itself. */
export function envelopeHeaders(event: RecordedEvent, relayPosition: Checkpoint = event): MsgHdrs {
  const h = headers();
  h.set(RELAY_POSITION_HEADER, `${relayPosition.transactionId}:${relayPosition.globalPosition}`);
  const { correlationId, causationId, actor } = event.metadata;
  if (typeof correlationId === 'string') h.set(Headers.correlationId, correlationId);
  if (typeof causationId === 'string') h.set(Headers.causationId, causationId);
  if (typeof actor === 'string') h.set(Headers.actor, actor);
  return h;
}
