import type { entities, exportFormat } from '@strata/contracts';

/** A reply stays well under one NATS message (1 MiB), whatever the size of the import. */
export const MAX_PLAN_REPLY_CHARS = 768 * 1024;
const DROPPED_FIRST = ['feature_states', 'features', 'segments', 'tags'] as const;

/** The plan as the reply carries it: whole when it fits, else without its longest step lists, which `omitted` counts. */
export function planReply(plan: exportFormat.ImportPlan, budget = MAX_PLAN_REPLY_CHARS): entities.ApplyImportResponse {
  const reply: entities.ApplyImportResponse = { plan, result_summary: plan.result_summary };
  for (const section of DROPPED_FIRST) {
    if (JSON.stringify(reply).length <= budget) return reply;
    reply.omitted = { ...reply.omitted, [section]: plan[section].length };
    reply.plan = { ...reply.plan, [section]: [] };
  }
  return reply;
}
