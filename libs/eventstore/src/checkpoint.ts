import type { Checkpoint, RecordedEventFields } from './types';

/** Before the first event of any log. */
export const START: Checkpoint = Object.freeze({ transactionId: '0', globalPosition: 0 });

/** Orders checkpoints as `readAll` orders rows: by transaction id (`xid8`, beyond 2^53), then global position. */
export function compareCheckpoints(a: Checkpoint, b: Checkpoint): number {
  const ta = BigInt(a.transactionId);
  const tb = BigInt(b.transactionId);
  if (ta !== tb) return ta < tb ? -1 : 1;
  return Math.sign(a.globalPosition - b.globalPosition);
}

export function checkpointOf(event: Pick<RecordedEventFields, 'transactionId' | 'globalPosition'>): Checkpoint {
  return { transactionId: event.transactionId, globalPosition: event.globalPosition };
}
