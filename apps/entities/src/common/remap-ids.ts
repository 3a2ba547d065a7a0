/**
 * Every string of a body that is a key of `ids` becomes its value: how a body copied or moved under new ids comes to
 * name the copies of what it referenced (entity ids are UUIDs: nothing else in a body matches one).
 */
export function remapIds<T>(value: T, ids: ReadonlyMap<string, string>): T {
  if (typeof value === 'string') return (ids.get(value) ?? value) as T;
  if (Array.isArray(value)) return value.map((item) => remapIds(item, ids)) as T;
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, remapIds(item, ids)])) as T;
  return value;
}
