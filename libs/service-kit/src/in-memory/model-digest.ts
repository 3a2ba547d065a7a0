import { createHash } from 'node:crypto';

/**
 * SHA-256 of an in-memory model, the same for equal content whatever the order it was built in: maps and sets are
 * read as entries sorted by key, objects by property name (arrays keep their order: it means something). Two
 * instances with equal digests answer alike.
 */
export function modelDigest(model: unknown): string {
  return createHash('sha256').update(JSON.stringify(canonical(model)) ?? 'undefined').digest('hex');
}

function canonical(value: unknown): unknown {
  if (value instanceof Map) return [...value].map(([key, entry]) => [key, canonical(entry)]).sort((a, b) => compareKeys(a[0], b[0]));
  if (value instanceof Set) return [...value].map(canonical).sort(compareKeys);
  if (Array.isArray(value)) return value.map(canonical);
  if (value !== null && typeof value === 'object') {
    const object = value as Record<string, unknown>;
    return Object.fromEntries(Object.keys(object).sort().map((key) => [key, canonical(object[key])]));
  }
  return value;
}

function compareKeys(a: unknown, b: unknown): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  const [left, right] = [JSON.stringify(a), JSON.stringify(b)];
  return left < right ? -1 : left > right ? 1 : 0;
}
