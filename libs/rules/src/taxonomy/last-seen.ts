import { taxonomy } from '@strata/contracts';

/**
 * Whether a sighting at `seenAtMs` must be written, given when `last_seen_at` was last written (`null`: never).
 * Never moves `last_seen_at` backwards, and writes at most once per `taxonomy.LAST_SEEN_WRITE_INTERVAL_MS`.
 */
export function lastSeenWriteDue(lastWrittenMs: number | null, seenAtMs: number): boolean {
  return lastWrittenMs === null || seenAtMs - lastWrittenMs >= taxonomy.LAST_SEEN_WRITE_INTERVAL_MS;
}
