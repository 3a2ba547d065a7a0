import { headers as natsHeaders, type JetStreamClient, type JsMsg, type MsgHdrs } from 'nats';

/** Headers a dead letter carries besides the original ones, so an operator can see why and replay it. */
export const DeadLetterHeaders = {
  reason: 'x-dlq-reason',
  attempts: 'x-dlq-attempts',
  consumer: 'x-dlq-consumer',
  subject: 'x-dlq-subject',
  stream: 'x-dlq-stream',
  streamSequence: 'x-dlq-stream-seq',
  originalMsgId: 'x-dlq-original-msg-id',
} as const;

const MSG_ID = 'Nats-Msg-Id';
/** Header values are one line; a stack trace or a long message must not break the header block. */
const MAX_REASON_LENGTH = 1_000;

/**
 * Publishes the message, body untouched, to the dead-letter subject and waits for the stream's ack. Its
 * `Nats-Msg-Id` names the original delivery, so publishing again after a crash between publish and term is
 * de-duplicated by the stream.
 */
export async function publishDeadLetter(js: JetStreamClient, subject: string, msg: JsMsg, consumer: string, reason: string): Promise<void> {
  const { stream, streamSequence, deliveryCount } = msg.info;
  const headers = copyHeaders(msg.headers);
  const originalId = msg.headers?.get(MSG_ID);
  if (originalId) headers.set(DeadLetterHeaders.originalMsgId, originalId);
  headers.set(DeadLetterHeaders.reason, oneLine(reason));
  headers.set(DeadLetterHeaders.attempts, String(deliveryCount));
  headers.set(DeadLetterHeaders.consumer, consumer);
  headers.set(DeadLetterHeaders.subject, msg.subject);
  headers.set(DeadLetterHeaders.stream, stream);
  headers.set(DeadLetterHeaders.streamSequence, String(streamSequence));
  await js.publish(subject, msg.data, { headers, msgID: `${stream}:${streamSequence}:${consumer}` });
}

function copyHeaders(source: MsgHdrs | undefined): MsgHdrs {
  const target = natsHeaders();
  for (const [key, values] of source ?? []) {
    // The relay's publish expectations (`Nats-Expected-Stream`: the event stream) are stored with the event; carried
    // over, the dead-letter stream would refuse every copy.
    if (key === MSG_ID || key.toLowerCase().startsWith('nats-expected-')) continue;
    for (const value of values) target.append(key, value);
  }
  return target;
}

function oneLine(text: string): string {
  return text.replace(/[\r\n]+/g, ' ').slice(0, MAX_REASON_LENGTH);
}
