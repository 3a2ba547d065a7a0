import type { FieldChange } from '../api/types';

/** One leaf that a change changed: where (`rules[0].conditions[1].value`), and its value before and after, as text. */
export interface DiffRow {
  field: string;
  before: string;
  after: string;
}

/** What the diff shows for no value (absent or null). */
export const NONE = '—';

const isContainer = (value: unknown): value is Record<string, unknown> | unknown[] => typeof value === 'object' && value !== null;

/** A value as the diff shows it: nothing (absent or null) as a dash, text as it is, anything else as JSON. */
export function shown(value: unknown): string {
  if (value === undefined || value === null) return NONE;
  if (typeof value === 'string') return value === '' ? '""' : value;
  return JSON.stringify(value);
}

/**
 * The API names the top-level fields a change changed; a cohort's `rules` or a flag's rollout groups are deep, so the
 * diff descends into objects and arrays (of the same shape on both sides) down to the leaves that differ.
 */
export function diffRows(changes: FieldChange[]): DiffRow[] {
  return changes.flatMap((change) => leafDiffs(change.field, change.before, change.after));
}

function leafDiffs(path: string, before: unknown, after: unknown): DiffRow[] {
  if (JSON.stringify(before) === JSON.stringify(after)) return [];
  if (isContainer(before) && isContainer(after) && Array.isArray(before) === Array.isArray(after)) {
    const from = before as Record<string, unknown>;
    const to = after as Record<string, unknown>;
    const keys = [...new Set([...Object.keys(from), ...Object.keys(to)])];
    const at = (key: string) => (Array.isArray(before) ? `${path}[${key}]` : `${path}.${key}`);
    return keys.flatMap((key) => leafDiffs(at(key), from[key], to[key]));
  }
  return [{ field: path, before: shown(before), after: shown(after) }];
}
