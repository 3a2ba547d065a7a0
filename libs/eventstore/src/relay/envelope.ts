import { Headers, type EventEnvelope, type ServiceName } from '@strata/contracts';
import { headers, type MsgHdrs } from 'nats';
import type { RecordedEvent } from '../types';

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

/** SPEC §3 headers from the event's metadata; `Nats-Msg-Id` is set by the publish itself. */
export function envelopeHeaders(event: RecordedEvent): MsgHdrs {
  const h = headers();
  const { correlationId, causationId, actor } = event.metadata;
  if (typeof correlationId === 'string') h.set(Headers.correlationId, correlationId);
  if (typeof causationId === 'string') h.set(Headers.causationId, causationId);
  if (typeof actor === 'string') h.set(Headers.actor, actor);
  return h;
}
