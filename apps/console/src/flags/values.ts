import type { FlagValue, ValueType } from '../api/types';

export const VALUE_TYPES: { type: ValueType; label: string }[] = [
  { type: 'unicode', label: 'Text' },
  { type: 'int', label: 'Integer' },
  { type: 'bool', label: 'Boolean' },
];

export function valueText(value: FlagValue | null | undefined): string {
  if (!value) return '';
  switch (value.type) {
    case 'unicode':
      return value.string_value ?? '';
    case 'int':
      return value.integer_value === null || value.integer_value === undefined ? '' : String(value.integer_value);
    case 'bool':
      return value.boolean_value === null || value.boolean_value === undefined ? '' : String(value.boolean_value);
    default: {
      const _exhaustive: never = value.type;
      return _exhaustive;
    }
  }
}

/** The API's value body from a type and the text typed (an integer or boolean the API validates). */
export function valueOf(type: ValueType, text: string): FlagValue {
  switch (type) {
    case 'unicode':
      return { type, string_value: text };
    case 'int':
      return { type, integer_value: text.trim() === '' ? null : Number(text) };
    case 'bool':
      return { type, boolean_value: text === 'true' };
    default: {
      const _exhaustive: never = type;
      return _exhaustive;
    }
  }
}

/** Traits typed one per line as `key=value`: numbers and booleans as such, the rest as text. */
export function parseTraits(text: string): Record<string, string | number | boolean> {
  const traits: Record<string, string | number | boolean> = {};
  for (const line of text.split('\n')) {
    const at = line.indexOf('=');
    if (at <= 0) continue;
    const key = line.slice(0, at).trim();
    const raw = line.slice(at + 1).trim();
    traits[key] = raw === 'true' ? true : raw === 'false' ? false : raw !== '' && !Number.isNaN(Number(raw)) ? Number(raw) : raw;
  }
  return traits;
}
