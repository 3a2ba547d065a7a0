/**
 * The canonical text of an export (SPEC §6): keys in a fixed order and arrays in a defined order, so
 * `export → import → export` is byte-identical apart from `exported_at` whatever the order of the imported file — keys
 * as the file had them, or as Postgres' jsonb keeps them (shortest first), never leak into a file.
 *
 * Keys: the format's fields in the order of the seed's file (`FIRST`), then any other key alphabetically (environment
 * settings, a value's extra fields), then the lists (`LAST`: an environment's, and the file's after its `tags`). Arrays keep their order — it is meaningful
 * (options are referenced by place, rules and conditions are read in order), and the writer reads lists in a defined
 * order — except `multivariate_feature_state_values`, a set written by option index.
 */

const FIRST = [
  'version', 'exported_at',
  'name', 'label', 'identifier', 'feature', 'segment', 'priority', 'color', 'description', 'is_permanent',
  'type', 'rules', 'conditions', 'property_', 'operator', 'value',
  'default_enabled', 'initial_value', 'is_server_key_only', 'tags', 'multivariate_options',
  'string_value', 'integer_value', 'boolean_value', 'default_percentage_allocation',
  'enabled', 'feature_state_value', 'multivariate_feature_state_values', 'multivariate_feature_option', 'percentage_allocation',
  'feature_state', 'scope', 'environment',
];
const LAST = ['feature_states', 'feature_segments', 'identity_overrides', 'segments', 'features', 'environments'];

const RANK = new Map<string, number>([...FIRST.map((key, i): [string, number] => [key, i - FIRST.length]), ...LAST.map((key, i): [string, number] => [key, i + 1])]);

function compareKeys(a: string, b: string): number {
  const byRank = (RANK.get(a) ?? 0) - (RANK.get(b) ?? 0);
  if (byRank !== 0) return byRank;
  return a < b ? -1 : a > b ? 1 : 0;
}

const SETS: Readonly<Record<string, (a: unknown, b: unknown) => number>> = {
  multivariate_feature_state_values: (a, b) => optionOf(a) - optionOf(b),
};

function optionOf(allocation: unknown): number {
  const option = (allocation as { multivariate_feature_option?: unknown } | null)?.multivariate_feature_option;
  return typeof option === 'number' ? option : Number.MAX_SAFE_INTEGER;
}

/** `JSON.stringify` of an export's part (a file, an item, a value), in canonical order; `undefined` fields are left out. */
export function canonicalJson(value: unknown): string {
  return write(value, undefined) ?? 'null';
}

function write(value: unknown, key: string | undefined): string | undefined {
  if (value === null || typeof value !== 'object') return value === undefined || typeof value === 'function' ? undefined : JSON.stringify(value);
  if (Array.isArray(value)) {
    const order = key === undefined ? undefined : SETS[key];
    const items = order === undefined ? value : [...value].sort(order);
    return `[${items.map((item) => write(item, undefined) ?? 'null').join(',')}]`;
  }
  const record = value as Record<string, unknown>;
  const parts: string[] = [];
  for (const field of Object.keys(record).sort(compareKeys)) {
    const text = write(record[field], field);
    if (text !== undefined) parts.push(`${JSON.stringify(field)}:${text}`);
  }
  return `{${parts.join(',')}}`;
}
