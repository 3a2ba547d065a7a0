import { ValidationError } from '@strata/contracts';
import type { z } from 'zod';

/**
 * Validates a request body or query against its schema at the edge. The first problem becomes the 400's `detail`,
 * its path the `attr` (`tiles.0.insight_id`); all of them travel in `errors` so a client can fix them in one go.
 */
export function parseInput<Schema extends z.ZodType>(schema: Schema, input: unknown, where: 'body' | 'query' = 'body'): z.output<Schema> {
  if (where === 'body' && (input === undefined || input === null)) input = {};
  // reportInput: a wrong type and a missing field differ only by the input the issue saw.
  const result = schema.safeParse(input, { reportInput: true });
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => ({ attr: attrOf(issue), detail: describe(issue) }));
  const first = problems[0] ?? { attr: null, detail: 'Invalid input.' };
  return raise(first.detail, first.attr, problems);
}

function raise(detail: string, attr: string | null, errors: Array<{ attr: string | null; detail: string }>): never {
  throw new ValidationError(detail, attr, 'invalid_input', { errors });
}

function attrOf(issue: z.core.$ZodIssue): string | null {
  const path = issue.code === 'unrecognized_keys' ? [...issue.path, issue.keys[0]] : issue.path;
  return path.map(String).join('.') || null;
}

function describe(issue: z.core.$ZodIssue): string {
  if (issue.code === 'unrecognized_keys') return `Unknown field(s): ${issue.keys.join(', ')}.`;
  if (issue.code === 'invalid_type' && issue.input === undefined) return 'This field is required.';
  return issue.message;
}
