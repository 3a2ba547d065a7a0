import { isStorableText, MAX_JSON_DEPTH } from '@strata/contracts';
import type { Problems } from './problems';

/**
 * Every string (and key) Postgres could not store, and any nesting past `MAX_JSON_DEPTH`, with its path. The path is
 * one stack, pushed and popped, so walking a large file allocates nothing per value.
 */
export function addTextProblems(value: unknown, problems: Problems, path: (string | number)[] = []): void {
  if (typeof value === 'string') {
    if (!isStorableText(value)) problems.add(path, 'Text Postgres cannot store (a NUL character or an unpaired surrogate).');
    return;
  }
  if (typeof value !== 'object' || value === null) return;
  if (path.length >= MAX_JSON_DEPTH) return problems.add(path, `Nested deeper than ${MAX_JSON_DEPTH} levels.`);
  if (Array.isArray(value)) {
    for (let index = 0; index < value.length; index++) visit(value[index], index, problems, path);
    return;
  }
  for (const key of Object.keys(value)) {
    if (!isStorableText(key)) problems.add([...path, key], 'A field name Postgres cannot store.');
    visit((value as Record<string, unknown>)[key], key, problems, path);
  }
}

function visit(value: unknown, step: string | number, problems: Problems, path: (string | number)[]): void {
  if (typeof value !== 'string' && (typeof value !== 'object' || value === null)) return;
  path.push(step);
  addTextProblems(value, problems, path);
  path.pop();
}
