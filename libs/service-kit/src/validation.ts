import { ValidationError } from '@strata/contracts';
import type { z } from 'zod';

export interface ValidateOptions {
  /** How an issue's path is named in `attr`; `a.0.b` by default. */
  attr?: (path: readonly PropertyKey[]) => string | null;
}

/**
 * The one edge validation of Strata — the gateway for HTTP bodies and queries, services for NATS payloads. The first
 * problem becomes the ValidationError's `detail` and its path the `attr`; all of them travel in `errors`, so a
 * client can fix everything in one go.
 */
export function validate<Schema extends z.ZodType>(schema: Schema, input: unknown, options: ValidateOptions = {}): z.output<Schema> {
  // reportInput: a wrong type and a missing field differ only by the input the issue saw.
  const result = schema.safeParse(input, { reportInput: true });
  if (result.success) return result.data;
  const name = options.attr ?? dotted;
  const errors = result.error.issues.map((issue) => ({ attr: name(pathOf(issue)), detail: describe(issue) }));
  const first = errors[0] ?? { attr: null, detail: 'Invalid input.' };
  throw new ValidationError(first.detail, first.attr, 'invalid_input', { errors });
}

function pathOf(issue: z.core.$ZodIssue): readonly PropertyKey[] {
  return issue.code === 'unrecognized_keys' ? [...issue.path, issue.keys[0]] : issue.path;
}

function dotted(path: readonly PropertyKey[]): string | null {
  return path.map(String).join('.') || null;
}

function describe(issue: z.core.$ZodIssue): string {
  if (issue.code === 'unrecognized_keys') return `Unknown field(s): ${issue.keys.join(', ')}.`;
  if (issue.code === 'invalid_type' && issue.input === undefined) return 'This field is required.';
  return issue.message;
}

/** Message keys whose content is an HTTP body (or a part of one): their name is left out of `attr`. */
const BODY_KEYS = new Set(['environment', 'changes', 'settings']);

/**
 * `attr` for a NATS message: the caller answers to the HTTP API, so a field is named as the HTTP body names it —
 * `changes.settings.timezone` is `timezone`, `organizationName` is `organization_name`.
 */
export function messageAttr(issuePath: readonly PropertyKey[]): string | null {
  const path = [...issuePath];
  while (path.length > 1 && BODY_KEYS.has(String(path[0]))) path.shift();
  return path.map((key) => String(key).replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`)).join('.') || null;
}

/**
 * A service's one way to validate what enters it over NATS: by subject, with the schema its contract owns
 * (`projects.ProjectsMessageSchemas`, …), so the gateway and the service apply the same rule.
 */
export function messageParser<Schemas extends Readonly<Record<string, z.ZodType>>>(schemas: Schemas) {
  return <Subject extends keyof Schemas & string>(subject: Subject, payload: unknown): z.output<Schemas[Subject]> =>
    validate(schemas[subject], payload ?? {}, { attr: messageAttr });
}
