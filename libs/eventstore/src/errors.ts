import { ConflictError } from '@strata/contracts';
import type { ExpectedVersion } from './types';

/**
 * The stream moved on since the command read it. The gateway answers 409, or 412 when the client sent `If-Match`
 * (it knows which); the caller may also reload and retry.
 */
export class ConcurrencyError extends ConflictError {
  readonly streamId: string;
  readonly expected: ExpectedVersion;
  /** The stream's version when the append checked it; `null` when only the unique constraint caught the race. */
  readonly actual: number | null;

  constructor(streamId: string, expected: ExpectedVersion, actual: number | null) {
    const found = actual === null ? 'a newer version' : `version ${actual}`;
    super(`Stream ${streamId} was expected at ${String(expected)} but is at ${found}.`, 'concurrency_conflict', null, {
      streamId,
      expected,
      actual,
    });
    this.streamId = streamId;
    this.expected = expected;
    this.actual = actual;
  }
}

/**
 * A read model's unique constraint refused an append: another writer committed a clashing entity on another stream
 * in between (two users with one email). Retried like a lost race; the next round decides on the winner's write.
 */
export class UniqueViolationError extends ConflictError {
  constructor(readonly constraint: string | null) {
    super('This conflicts with an existing entity.');
  }
}
