import type { entities, exportFormat } from '@strata/contracts';

/** A reply stays well under one NATS message (1 MiB), whatever the size of the import. */
export const MAX_PLAN_REPLY_CHARS = 768 * 1024;
const DROPPED_FIRST = ['feature_states', 'features', 'segments', 'tags'] as const;

/**
 * The plan as the reply carries it: whole when it fits, else without its longest step lists, which `omitted` counts.
 * Its size is counted, not serialised: a 50,000-state plan's text would be tens of megabytes, made only to be measured.
 */
export function planReply(plan: exportFormat.ImportPlan, budget = MAX_PLAN_REPLY_CHARS): entities.ApplyImportResponse {
  const reply: entities.ApplyImportResponse = { plan, result_summary: plan.result_summary };
  for (const section of DROPPED_FIRST) {
    if (jsonFits(reply, budget)) return reply;
    reply.omitted = { ...reply.omitted, [section]: plan[section].length };
    reply.plan = { ...reply.plan, [section]: [] };
  }
  return reply;
}

/** Whether `JSON.stringify(value)` is at most `budget` characters long; counting stops once it is over. */
export function jsonFits(value: unknown, budget: number): boolean {
  let left = budget;
  const count = (item: unknown): void => {
    if (left < 0) return;
    if (item === null || typeof item !== 'object') {
      left -= JSON.stringify(item ?? null).length;
      return;
    }
    const members = Array.isArray(item) ? item.map((entry: unknown) => [undefined, entry ?? null] as const) : Object.entries(item).filter(([, entry]) => entry !== undefined);
    left -= 2 + Math.max(members.length - 1, 0);
    for (const [key, entry] of members) {
      if (key !== undefined) left -= JSON.stringify(key).length + 1;
      count(entry);
      if (left < 0) return;
    }
  };
  count(value);
  return left >= 0;
}
