import type { RecordedEvent } from '@strata/eventstore';

/**
 * Splits a projection's events into runs of consecutive events of one type, keeping their order: a run of creations
 * becomes one multi-row INSERT (a batch of first sightings is one statement), the rest apply one by one.
 */
export function runsOf<E extends RecordedEvent>(events: readonly E[]): E[][] {
  const runs: E[][] = [];
  for (const event of events) {
    const last = runs[runs.length - 1];
    if (last !== undefined && last[0].type === event.type) last.push(event);
    else runs.push([event]);
  }
  return runs;
}
