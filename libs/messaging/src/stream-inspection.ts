import { deadLetterStreamName, deadLetterSubject, type ServiceName } from '@strata/contracts';
import type { JetStreamManager, MsgHdrs, StoredMsg } from 'nats';
import { DeadLetterHeaders } from './dead-letter';
import { decodeEnvelope } from './envelope-codec';
import { isApiError } from './streams';

const NO_MESSAGE = 10037;
const STREAM_NOT_FOUND = 10059;

/** A durable consumer's position in its stream, as JetStream reports it. */
export interface ConsumerLag {
  stream: string;
  durable: string;
  /** Messages of the stream (matching its filter) not yet delivered. */
  pending: number;
  /** Delivered, not yet acknowledged. */
  ackPending: number;
  /** Delivered more than once and not yet acknowledged. */
  redelivered: number;
}

/** One message a consumer gave up on, as its dead-letter headers describe it. */
export interface DeadLetter {
  /** Its sequence in the service's dead-letter stream: what `replay` names. */
  sequence: number;
  consumer: string;
  /** Where it came from: subject, stream and sequence there. */
  subject: string;
  stream: string;
  streamSequence: number;
  eventId: string | null;
  type: string | null;
  attempts: number;
  reason: string;
  deadLetteredAt: string;
}

/** Every durable consumer of `stream` (followers' ephemeral ones left out); none when the stream does not exist (yet). */
export async function consumerLags(jsm: JetStreamManager, stream: string): Promise<ConsumerLag[]> {
  const lags: ConsumerLag[] = [];
  try {
    for await (const info of jsm.consumers.list(stream)) {
      // Followers read through ephemeral ordered consumers: every instance its own, nothing an operator tracks.
      if (!info.config.durable_name) continue;
      lags.push({ stream, durable: info.name, pending: info.num_pending, ackPending: info.num_ack_pending, redelivered: info.num_redelivered });
    }
  } catch (error) {
    if (!isApiError(error, STREAM_NOT_FOUND)) throw error;
  }
  return lags.sort((a, b) => a.durable.localeCompare(b.durable));
}

/** How many dead letters each consumer of `service` has (consumers without any are absent). */
export async function deadLetterCounts(jsm: JetStreamManager, service: ServiceName, prefix = ''): Promise<Record<string, number>> {
  const subjectPrefix = deadLetterSubject(service, '', prefix);
  try {
    const info = await jsm.streams.info(deadLetterStreamName(service, prefix), { subjects_filter: `${subjectPrefix}>` });
    const counts: Record<string, number> = {};
    for (const [subject, count] of Object.entries(info.state.subjects ?? {})) counts[subject.slice(subjectPrefix.length)] = count;
    return counts;
  } catch (error) {
    if (isApiError(error, STREAM_NOT_FOUND)) return {};
    throw error;
  }
}

/** The oldest `limit` dead letters of `service` (of one consumer, when named), in the order they were given up on. */
export async function listDeadLetters(
  jsm: JetStreamManager,
  service: ServiceName,
  options: { prefix?: string; consumer?: string; limit?: number } = {},
): Promise<DeadLetter[]> {
  const stream = deadLetterStreamName(service, options.prefix);
  const state = await streamStateOrNull(jsm, stream);
  const letters: DeadLetter[] = [];
  // Replayed letters leave gaps; the stream is small and only an operator lists it, so each sequence is asked for.
  for (let seq = Math.max(state?.first_seq ?? 1, 1); state && seq <= state.last_seq && letters.length < (options.limit ?? 100); seq++) {
    const stored = await storedOrNull(() => jsm.streams.getMessage(stream, { seq }));
    const letter = stored && describeDeadLetter(stored);
    if (letter && (options.consumer === undefined || letter.consumer === options.consumer)) letters.push(letter);
  }
  return letters;
}

/** The dead letter at `sequence` of the service's dead-letter stream, with its body; null when there is none. */
export async function readDeadLetter(jsm: JetStreamManager, service: ServiceName, sequence: number, prefix = ''): Promise<{ letter: DeadLetter; data: Uint8Array; headers: MsgHdrs } | null> {
  const stored = await storedOrNull(() => jsm.streams.getMessage(deadLetterStreamName(service, prefix), { seq: sequence }));
  return stored ? { letter: describeDeadLetter(stored), data: stored.data, headers: stored.header } : null;
}

/** Removes a dead letter once it has been replayed. */
export async function removeDeadLetter(jsm: JetStreamManager, service: ServiceName, sequence: number, prefix = ''): Promise<void> {
  await jsm.streams.deleteMessage(deadLetterStreamName(service, prefix), sequence, false);
}

function describeDeadLetter(stored: StoredMsg): DeadLetter {
  const header = (name: string) => stored.header?.get(name) ?? '';
  const decoded = decodeEnvelope(stored.data);
  return {
    sequence: stored.seq,
    consumer: header(DeadLetterHeaders.consumer),
    subject: header(DeadLetterHeaders.subject),
    stream: header(DeadLetterHeaders.stream),
    streamSequence: Number(header(DeadLetterHeaders.streamSequence)),
    eventId: decoded.ok ? decoded.envelope.id : null,
    type: decoded.ok ? decoded.envelope.type : null,
    attempts: Number(header(DeadLetterHeaders.attempts)),
    reason: header(DeadLetterHeaders.reason),
    deadLetteredAt: stored.time.toISOString(),
  };
}

async function streamStateOrNull(jsm: JetStreamManager, stream: string): Promise<{ first_seq: number; last_seq: number } | null> {
  try {
    return (await jsm.streams.info(stream)).state;
  } catch (error) {
    if (isApiError(error, STREAM_NOT_FOUND)) return null;
    throw error;
  }
}

async function storedOrNull(get: () => Promise<StoredMsg>): Promise<StoredMsg | null> {
  try {
    return await get();
  } catch (error) {
    if (isApiError(error, NO_MESSAGE) || isApiError(error, STREAM_NOT_FOUND)) return null;
    throw error;
  }
}
