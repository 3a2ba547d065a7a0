import { ValidationError } from '@strata/contracts';
import type { z } from 'zod';

/**
 * Validates a request payload at the NATS edge: the first problem is the 400's `detail` and its path the `attr`;
 * all of them travel in `errors`. (The gateway validates HTTP input the same way; this guards the bus, which other
 * callers than the gateway — the ingestion mapper, the export service — use too.)
 */
export function parsePayload<Schema extends z.ZodType>(schema: Schema, input: unknown): z.output<Schema> {
  const result = schema.safeParse(input ?? {});
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => ({ attr: issue.path.map(String).join('.') || null, detail: describeIssue(issue) }));
  const first = problems[0] ?? { attr: null, detail: 'Invalid input.' };
  throw new ValidationError(first.detail, first.attr, 'invalid_input', { errors: problems });
}

function describeIssue(issue: z.core.$ZodIssue): string {
  if (issue.code === 'invalid_type' && issue.input === undefined) return 'This field is required.';
  return issue.message;
}
