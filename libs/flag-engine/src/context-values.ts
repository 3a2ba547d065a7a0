import type { EnvironmentEvaluationContext, TraitValue } from './evaluation-context';

/** The identity being evaluated, as conditions read it; `matched` holds the segments decided so far (IN_COHORT). */
export interface Subject {
  identifier: string | undefined;
  key: string | undefined;
  traits: Readonly<Record<string, TraitValue>> | undefined;
  matched: Uint8Array;
}

/** A condition's value in the context: a string, number or boolean; undefined when unset (null, absent, an object). */
export type ContextValue = string | number | boolean | undefined;
export type ValueReader = (subject: Subject) => ContextValue;

const hasOwn = Object.prototype.hasOwnProperty;

function primitive(value: unknown): ContextValue {
  const type = typeof value;
  return type === 'string' || type === 'number' || type === 'boolean' ? (value as string | number | boolean) : undefined;
}

function traitOf(subject: Subject, name: string): ContextValue {
  const traits = subject.traits;
  return traits !== undefined && hasOwn.call(traits, name) ? primitive(traits[name]) : undefined;
}

/**
 * The reader of a condition's property, decided once: a trait by name; a `$.`-path (a trait of that exact name
 * first, as Flagsmith's engines do); a path outside the identity is a constant of the compiled environment.
 */
export function readerOf(property: string, context: EnvironmentEvaluationContext): ValueReader {
  const path = property.startsWith('$.') ? parsePath(property) : undefined;
  if (path === undefined) return (subject) => traitOf(subject, property);
  const fromPath = pathReader(path, context);
  return (subject) => {
    const traits = subject.traits;
    return traits !== undefined && hasOwn.call(traits, property) ? primitive(traits[property]) : fromPath(subject);
  };
}

function pathReader(path: readonly string[], context: EnvironmentEvaluationContext): ValueReader {
  if (path[0] !== 'identity') {
    const constant = primitive(valueAt(context, path));
    return () => constant;
  }
  if (path.length === 2 && path[1] === 'identifier') return (subject) => subject.identifier;
  if (path.length === 2 && path[1] === 'key') return (subject) => subject.key;
  if (path.length === 3 && path[1] === 'traits') {
    const name = path[2];
    return (subject) => traitOf(subject, name);
  }
  return () => undefined;
}

function valueAt(root: unknown, path: readonly string[]): unknown {
  let value = root;
  for (const name of path) {
    if (value === null || typeof value !== 'object' || !hasOwn.call(value, name)) return undefined;
    value = (value as Record<string, unknown>)[name];
  }
  return value;
}

const SHORTHAND = /^\.([A-Za-z_\u0080-\uffff][\w\u0080-\uffff]*)/;
const BRACKETED = /^\[\s*(?:'((?:[^'\\]|\\.)*)'|"((?:[^"\\]|\\.)*)")\s*\]/;

/** The member names of a JSONPath of names only (`$.a.b`, `$.a['b c']`); undefined when it is no such path. */
export function parsePath(property: string): string[] | undefined {
  const names: string[] = [];
  let rest = property.slice(1);
  while (rest.length > 0) {
    const shorthand = SHORTHAND.exec(rest);
    const bracketed = shorthand === null ? BRACKETED.exec(rest) : null;
    const match = shorthand ?? bracketed;
    if (match === null) return undefined;
    names.push(shorthand !== null ? shorthand[1] : unescape(bracketed![1] ?? bracketed![2]));
    rest = rest.slice(match[0].length);
  }
  return names;
}

function unescape(quoted: string): string {
  return quoted.replace(/\\(.)/g, '$1');
}

/** A value as Python's `str()` writes it, which Flagsmith hashes and matches regexes against (`True`, not `true`). */
export function pythonText(value: string | number | boolean): string {
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  return String(value);
}
