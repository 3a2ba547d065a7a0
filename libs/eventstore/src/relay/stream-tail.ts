import type { Queryable } from '@strata/database';
import { NatsError, type JetStreamManager } from 'nats';
import { checkpointOf, START } from '../checkpoint';
import { RELAY_POSITION_HEADER } from './envelope';
import type { Checkpoint } from '../types';

const NO_MESSAGE_FOUND = 10037;
/** Sequences looked at, newest first, past deleted messages (nothing deletes from an event stream but an operator). */
const TAIL_SCAN_LIMIT = 100;

/** Where JetStream's copy of a log ends: its last sequence, and the log position of the event stored there. */
export interface StreamTail {
  /** The stream's last sequence (0 when it never held a message). */
  sequence: number;
  /** The log position of the stream's last event; `START` when the stream holds none. */
  checkpoint: Checkpoint;
}

/** The stream ends with an event the log does not have: JetStream is ahead of Postgres (restored from an older backup?). */
export class StreamAheadOfLog extends Error {
  constructor(stream: string, sequence: number, eventId: string) {
    super(
      `stream ${stream} ends (sequence ${sequence}) with event ${eventId}, which the event log does not have: ` +
        'Postgres is the truth, so restore it to a point at least as recent as JetStream, or purge the stream to republish the log',
    );
  }
}

/**
 * Reads the end of a service's stream: where the relay stood when it published the last message there (its
 * `Strata-Relay-Position` header, checked against the log), or, for a message without one, its event's position in
 * the log. The relay publishes every new event with an expected last sequence, so up to that position the stream
 * holds the log in relay order: it says exactly where to continue, whether JetStream lost its tail (a broker killed
 * inside its flush interval, a store restored from backup) or holds more than the checkpoint (a leader that died
 * between its acks and storing its checkpoint).
 */
export async function readStreamTail(jsm: JetStreamManager, db: Queryable, stream: string): Promise<StreamTail> {
  const { state } = await jsm.streams.info(stream);
  if (state.messages === 0) return { sequence: state.last_seq, checkpoint: START };
  for (let sequence = state.last_seq; sequence >= Math.max(state.first_seq, state.last_seq - TAIL_SCAN_LIMIT); sequence--) {
    const message = await messageAt(jsm, stream, sequence);
    if (message === null) continue;
    const { eventId, relayPosition } = message;
    if (eventId === undefined) throw new Error(`stream ${stream} ends (sequence ${sequence}) with a message that has no Nats-Msg-Id: only the outbox relay may publish to it`);
    const [row] = await db.query<{ transaction_id: string; global_position: string }>(
      relayPosition
        ? 'SELECT transaction_id::text AS transaction_id, global_position FROM events WHERE transaction_id = $1::xid8 AND global_position = $2'
        : 'SELECT transaction_id::text AS transaction_id, global_position FROM events WHERE id = $1',
      relayPosition ? [relayPosition.transactionId, relayPosition.globalPosition] : [eventId],
    );
    if (!row) throw new StreamAheadOfLog(stream, sequence, eventId);
    return { sequence: state.last_seq, checkpoint: checkpointOf({ transactionId: row.transaction_id, globalPosition: Number(row.global_position) }) };
  }
  throw new Error(`stream ${stream} holds ${state.messages} messages but its last ${TAIL_SCAN_LIMIT} sequences are deleted`);
}

/** The message's event id and relay position (either may be missing); `null` when no message is stored at that sequence. */
async function messageAt(jsm: JetStreamManager, stream: string, sequence: number): Promise<{ eventId?: string; relayPosition?: Checkpoint } | null> {
  try {
    const message = await jsm.streams.getMessage(stream, { seq: sequence });
    const position = /^(\d+):(\d+)$/.exec(message.header?.get(RELAY_POSITION_HEADER) ?? '');
    return {
      eventId: message.header?.get('Nats-Msg-Id') || undefined,
      relayPosition: position ? { transactionId: position[1], globalPosition: Number(position[2]) } : undefined,
    };
  } catch (error) {
    if (error instanceof NatsError && error.api_error?.err_code === NO_MESSAGE_FOUND) return null;
    throw error;
  }
}
