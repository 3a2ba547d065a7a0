import type { Counts } from '../api/types';

/** "3 created, 1 updated, 2 skipped" over every section of a summary. */
export function summaryLine(summary: Record<string, Counts>): string {
  const total = { created: 0, updated: 0, deleted: 0, skipped: 0 };
  for (const counts of Object.values(summary)) for (const name of Object.keys(total) as (keyof typeof total)[]) total[name] += counts[name];
  const parts = Object.entries(total).filter(([, count]) => count > 0).map(([name, count]) => `${count} ${name}`);
  return parts.length === 0 ? 'nothing changed' : parts.join(', ');
}
