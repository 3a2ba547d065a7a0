import { ConflictError } from '@strata/contracts';
import { isPgError, PgErrorCode } from '@strata/database';
import { retryOnConflict } from '@strata/eventstore';

export interface RetryOptions {
  /** The caller pinned the stream version (`If-Match`): losing a race then means the precondition failed (412). */
  pinnedStreamVersion?: boolean;
}

/**
 * A load-decide-append run again when another writer appended in between; read-model unique violations — the
 * backstops of cross-stream rules such as unique names — become 409s.
 */
export async function withRetries<T>(attempt: () => Promise<T>, options: RetryOptions = {}): Promise<T> {
  try {
    return await retryOnConflict(attempt, { pinned: options.pinnedStreamVersion });
  } catch (error) {
    throw conflictOfUniqueViolation(error);
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
