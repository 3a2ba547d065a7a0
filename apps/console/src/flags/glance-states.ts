import type { ComparedState, Comparison } from '../api/types';

/** Where a flag's state in one environment is kept in the list's map. */
export const glanceKey = (environmentId: number, flagId: string) => `${environmentId}:${flagId}`;

/**
 * Every state the comparisons of the current environment with each other one answer, by environment and flag: a
 * comparison holds every flag both see, so one per other environment gives the list's cells in E − 1 requests instead
 * of one per flag and environment. A flag only the current environment sees is in none of them (its cell asks alone).
 */
export function glanceStates(currentId: number, comparisons: Comparison[]): Map<string, ComparedState> {
  const states = new Map<string, ComparedState>();
  for (const comparison of comparisons) {
    for (const flag of comparison.flags) {
      states.set(glanceKey(currentId, flag.id), flag.base);
      states.set(glanceKey(comparison.head.id, flag.id), flag.head);
    }
  }
  return states;
}
