import { ConflictError, PreconditionFailedError } from '@strata/contracts';
import { isPgError, PgErrorCode } from '@strata/database';
import { ConcurrencyError } from '@strata/eventstore';

/** Appends that lost a race re-read and decide again this many times before answering 409. */
const ATTEMPTS = 4;

export interface RetryOptions {
  /** The caller pinned the stream version (`If-Match`): losing a race then means the precondition failed (412). */
  pinnedStreamVersion?: boolean;
}

/**
 * Runs a load-decide-append `attempt`, again when another writer appended to the stream in between (SPEC §3: a
 * command decides on the version it read; retrying re-reads, so a rule like unique names is checked against the
 * winner's write). Read-model unique violations — the backstops of cross-stream rules — become 409s.
 */
export async function withRetries<T>(attempt: () => Promise<T>, options: RetryOptions = {}): Promise<T> {
  for (let round = 1; ; round++) {
    try {
      return await attempt();
    } catch (error) {
      if (!(error instanceof ConcurrencyError)) throw conflictOfUniqueViolation(error);
      if (options.pinnedStreamVersion) throw new PreconditionFailedError();
      if (round >= ATTEMPTS) throw new ConflictError('The entity was changed concurrently; try again.', 'concurrency_conflict');
    }
  }
}

const UNIQUE_CONFLICTS: Record<string, () => ConflictError> = {
  users_email_unique: () => new ConflictError('A user with this email already exists.', 'email_taken', 'email'),
  environments_name_unique: () =>
    new ConflictError('An environment with this name already exists in this project.', 'duplicate_name', 'name'),
};

function conflictOfUniqueViolation(error: unknown): unknown {
  if (!isPgError(error, PgErrorCode.uniqueViolation)) return error;
  const conflict = UNIQUE_CONFLICTS[error.constraint ?? ''];
  return conflict ? conflict() : new ConflictError('This conflicts with an existing entity.');
}
