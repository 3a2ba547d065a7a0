import type { Queryable } from '@strata/database';
import { NatsError, type JetStreamManager } from 'nats';
import { checkpointOf, START } from '../checkpoint';
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
 * Reads the end of a service's stream and finds the event stored there in the log. The relay publishes every
 * message with an expected last sequence, so the stream is always a prefix of the log in relay order: its last
 * event says exactly where to continue, whether JetStream lost its tail (a broker killed inside its flush interval,
 * a store restored from backup) or holds more than the checkpoint (a leader that died between ack and checkpoint).
 */
export async function readStreamTail(jsm: JetStreamManager, db: Queryable, stream: string): Promise<StreamTail> {
  const { state } = await jsm.streams.info(stream);
  if (state.messages === 0) return { sequence: state.last_seq, checkpoint: START };
  for (let sequence = state.last_seq; sequence >= Math.max(state.first_seq, state.last_seq - TAIL_SCAN_LIMIT); sequence--) {
    const eventId = await messageIdAt(jsm, stream, sequence);
    if (eventId === null) continue;
    if (eventId === undefined) throw new Error(`stream ${stream} ends (sequence ${sequence}) with a message that has no Nats-Msg-Id: only the outbox relay may publish to it`);
    const [row] = await db.query<{ transaction_id: string; global_position: string }>(
      'SELECT transaction_id::text AS transaction_id, global_position FROM events WHERE id = $1',
      [eventId],
    );
    if (!row) throw new StreamAheadOfLog(stream, sequence, eventId);
    return { sequence: state.last_seq, checkpoint: checkpointOf({ transactionId: row.transaction_id, globalPosition: Number(row.global_position) }) };
  }
  throw new Error(`stream ${stream} holds ${state.messages} messages but its last ${TAIL_SCAN_LIMIT} sequences are deleted`);
}

/** The message's `Nats-Msg-Id`; `undefined` when it has none, `null` when no message is stored at that sequence. */
async function messageIdAt(jsm: JetStreamManager, stream: string, sequence: number): Promise<string | undefined | null> {
  try {
    const message = await jsm.streams.getMessage(stream, { seq: sequence });
    return message.header?.get('Nats-Msg-Id') || undefined;
  } catch (error) {
    if (error instanceof NatsError && error.api_error?.err_code === NO_MESSAGE_FOUND) return null;
    throw error;
  }
}
