import { ConflictError, PreconditionFailedError } from '@strata/contracts';
import { ConcurrencyError } from './errors';

export interface RetryOptions {
  /** Rounds before giving up; default 4. */
  attempts?: number;
  /** The caller pinned the stream version (HTTP `If-Match`): losing a race means the precondition failed (412). */
  pinned?: boolean;
  /** What counts as a lost race; default a `ConcurrencyError`. */
  isConflict?: (error: unknown) => boolean;
  /** Called on every lost race (metrics). */
  onConflict?: () => void;
  /** The error when every round lost; default 409 `concurrency_conflict`. */
  whenExhausted?: (lastError: unknown) => unknown;
}

/**
 * Runs a load-decide-append `attempt` again when another writer appended to its stream in between (SPEC §3: a
 * command decides on the version it read). Each round re-reads, so a rule like "unique name" is checked against the
 * winner's write rather than merged over it.
 */
export async function retryOnConflict<T>(attempt: () => Promise<T>, options: RetryOptions = {}): Promise<T> {
  const isConflict = options.isConflict ?? ((error: unknown) => error instanceof ConcurrencyError);
  for (let round = 1; ; round++) {
    try {
      return await attempt();
    } catch (error) {
      if (!isConflict(error)) throw error;
      if (options.pinned) throw new PreconditionFailedError();
      options.onConflict?.();
      if (round >= (options.attempts ?? 4)) {
        throw options.whenExhausted ? options.whenExhausted(error) : new ConflictError('The entity was changed concurrently; try again.', 'concurrency_conflict');
      }
    }
  }
}
