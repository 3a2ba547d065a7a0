import { ConflictError } from '@strata/contracts';
import { ConcurrencyError, UniqueViolationError } from './errors';

export interface RetryPolicy {
  /** Rounds before giving up; default 4. */
  attempts?: number;
  /** What counts as a lost race; default a `ConcurrencyError` or a read model's `UniqueViolationError`. */
  isConflict?: (error: unknown) => boolean;
  /** Called on every lost race (metrics). */
  onConflict?: () => void;
  /** The error when every round lost; default 409 `concurrency_conflict`. */
  whenExhausted?: (lastError: unknown) => unknown;
}

export function isLostRace(error: unknown): boolean {
  return error instanceof ConcurrencyError || error instanceof UniqueViolationError;
}

/**
 * Runs a load-decide-append `attempt` again when another writer appended in between (SPEC §3: a command decides on
 * the version it read). Each round re-reads, so a rule like "unique name" is checked against the winner's write
 * rather than merged over it. Used by the command handler: handlers never loop themselves.
 */
export async function retryOnConflict<T>(attempt: () => Promise<T>, policy: RetryPolicy = {}): Promise<T> {
  const isConflict = policy.isConflict ?? isLostRace;
  for (let round = 1; ; round++) {
    try {
      return await attempt();
    } catch (error) {
      if (!isConflict(error)) throw error;
      policy.onConflict?.();
      if (round >= (policy.attempts ?? 4)) {
        throw policy.whenExhausted ? policy.whenExhausted(error) : new ConflictError('The entity was changed concurrently; try again.', 'concurrency_conflict');
      }
    }
  }
}
