import type { z } from 'zod';

/** One problem of an input as the API names it in an error body's `errors`: where, and what is wrong there. */
export interface InputProblemAt {
  path: readonly PropertyKey[];
  detail: string;
}

/**
 * A schema's issues in the API's words, once for the gateway, the services and the console (which checks a form with
 * the API's own schema before sending it, so both decide alike): an unknown key is named in the path, a missing field
 * is "required". Parse with `reportInput: true`, or a wrong type and a missing field read alike.
 */
export function problemsOf(issues: readonly z.core.$ZodIssue[]): InputProblemAt[] {
  return issues.map((issue) => ({ path: issue.code === 'unrecognized_keys' ? [...issue.path, issue.keys[0]] : issue.path, detail: describeIssue(issue) }));
}

/** The `attr` of a path in an HTTP body: its keys joined by dots (`rules.0.conditions.2.value`), null for the body. */
export function dottedAttr(path: readonly PropertyKey[]): string | null {
  return path.map(String).join('.') || null;
}

function describeIssue(issue: z.core.$ZodIssue): string {
  if (issue.code === 'unrecognized_keys') return `Unknown field(s): ${issue.keys.join(', ')}.`;
  if (issue.code === 'invalid_type' && issue.input === undefined) return 'This field is required.';
  return issue.message;
}
