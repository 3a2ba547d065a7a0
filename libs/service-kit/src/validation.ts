import { MessagePattern } from '@nestjs/microservices';
import { dottedAttr, isStorableText, MAX_JSON_DEPTH, problemsOf, ValidationError } from '@strata/contracts';
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
  const name = options.attr ?? dottedAttr;
  const problem = inputProblem(input);
  if (problem) throw new ValidationError(PROBLEMS[problem.kind], name(problem.path), problem.kind);
  // reportInput: a wrong type and a missing field differ only by the input the issue saw.
  const result = schema.safeParse(input, { reportInput: true });
  if (result.success) return result.data;
  const errors = problemsOf(result.error.issues).map(({ path, detail }) => ({ attr: name(path), detail }));
  const first = errors[0] ?? { attr: null, detail: 'Invalid input.' };
  throw new ValidationError(first.detail, first.attr, 'invalid_input', { errors });
}

export interface InputProblem {
  kind: 'unstorable_text' | 'too_deep';
  /** Where: the string itself, the object holding an unstorable key, or the value nested one level too deep. */
  path: PropertyKey[];
}

const PROBLEMS: Record<InputProblem['kind'], string> = {
  unstorable_text: 'Text may not contain the NUL character (\\u0000) or an unpaired UTF-16 surrogate.',
  too_deep: `JSON may nest at most ${MAX_JSON_DEPTH} levels deep.`,
};

export interface InputRules {
  maxDepth?: number;
  /** `false`: check the depth only (an event's property values are passed on, not stored). */
  text?: boolean;
}

interface Visit {
  value: unknown;
  key: PropertyKey | undefined;
  parent: Visit | undefined;
  depth: number;
}

/**
 * The rule every string entering Strata obeys, whatever schema reads it (free-form JSON, keys and query strings
 * included): text Postgres can store (`isStorableText`), nested at most `maxDepth` levels (`MAX_JSON_DEPTH`), so that
 * nothing later — `JSON.stringify` for NATS, Postgres — fails on it. Iterative, so any depth is inspected safely.
 */
export function inputProblem(input: unknown, { maxDepth = MAX_JSON_DEPTH, text = true }: InputRules = {}): InputProblem | undefined {
  const pending: Visit[] = [{ value: input, key: undefined, parent: undefined, depth: 0 }];
  for (let visit = pending.pop(); visit !== undefined; visit = pending.pop()) {
    const { value, depth } = visit;
    if (typeof value === 'string') {
      if (text && !isStorableText(value)) return { kind: 'unstorable_text', path: pathTo(visit) };
    } else if (typeof value === 'object' && value !== null) {
      if (depth >= maxDepth) return { kind: 'too_deep', path: pathTo(visit) };
      const entries = Array.isArray(value) ? value.entries() : Object.entries(value);
      for (const [key, child] of entries) {
        if (text && typeof key === 'string' && !isStorableText(key)) return { kind: 'unstorable_text', path: pathTo(visit) };
        pending.push({ value: child, key, parent: visit, depth: depth + 1 });
      }
    }
  }
  return undefined;
}

function pathTo(visit: Visit): PropertyKey[] {
  const path: PropertyKey[] = [];
  for (let at: Visit | undefined = visit; at?.key !== undefined; at = at.parent) path.unshift(at.key);
  return path;
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

/** A request as `messageParser(schemas)` hands it over: the type of a `requestHandlers` method's parameter. */
export type ParsedRequest<Schemas extends Readonly<Record<string, z.ZodType>>, Subject extends keyof Schemas> = z.output<Schemas[Subject]>;

/**
 * A service's NATS handler decorator, declared once per service with its contract's schemas: `@Handles(subject)`
 * listens on the subject and hands the method the request already validated (`messageParser`), so a handler
 * never sees an unchecked payload. Nest passes a microservice handler without parameter decorators the data first.
 */
export function requestHandlers<Schemas extends Readonly<Record<string, z.ZodType>>>(schemas: Schemas) {
  const parse = messageParser(schemas);
  return <Subject extends keyof Schemas & string>(subject: Subject) =>
    <Handler extends (request: z.output<Schemas[Subject]>, ...rest: never[]) => unknown>(
      target: object,
      key: string | symbol,
      descriptor: TypedPropertyDescriptor<Handler>,
    ): void => {
      const handler: ((request: z.output<Schemas[Subject]>, ...rest: never[]) => unknown) | undefined = descriptor.value;
      if (handler === undefined) throw new Error(`@Handles('${subject}') decorates a method`);
      const parsing = function (this: unknown, payload: unknown, ...rest: never[]) {
        return handler.call(this, parse(subject, payload), ...rest);
      };
      // The one cast: TypeScript cannot type a wrapper as the very method type it wraps (a generic `Handler`); the
      // wrapper takes what the method takes, except that the request is checked first.
      descriptor.value = parsing as Handler;
      MessagePattern(subject)(target, key, descriptor);
    };
}
