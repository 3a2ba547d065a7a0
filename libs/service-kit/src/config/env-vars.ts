import { z } from 'zod';

/**
 * Schemas for one environment variable each. Their error text is the expectation ("must be …"), so a problem reads
 * `PORT must be a port number 1-65535 (got "http")` once the loader adds the variable's name and value.
 */
export const envVar = {
  string(expected = 'a non-empty string') {
    return z.string({ error: `must be ${expected}` }).min(1, { error: `must be ${expected}` });
  },

  url(protocols: readonly string[], example: string) {
    const expected = `a ${protocols.map((p) => `${p}//`).join(' or ')} URL like ${example}`;
    return z.string({ error: `must be ${expected}` }).refine((value) => hasProtocol(value, protocols), { error: `must be ${expected}` });
  },

  /** A comma-separated list of URLs (NATS accepts several seed servers). */
  urlList(protocols: readonly string[], example: string) {
    const expected = `a ${protocols.map((p) => `${p}//`).join(' or ')} URL like ${example} (several: comma-separated)`;
    return z
      .string({ error: `must be ${expected}` })
      .refine((value) => splitList(value).length > 0 && splitList(value).every((url) => hasProtocol(url, protocols)), {
        error: `must be ${expected}`,
      });
  },

  int(min: number, max: number = Number.MAX_SAFE_INTEGER) {
    const expected = max === Number.MAX_SAFE_INTEGER ? `a whole number >= ${min}` : `a whole number ${min}-${max}`;
    return z
      .string({ error: `must be ${expected}` })
      .refine((value) => /^\d+$/.test(value.trim()) && Number(value) >= min && Number(value) <= max, { error: `must be ${expected}` })
      .transform(Number);
  },

  port() {
    return envVar.int(1, 65_535).meta({ description: 'TCP port' });
  },

  oneOf<const Values extends readonly [string, ...string[]]>(values: Values) {
    return z.enum(values, { error: `must be one of ${values.join(', ')}` });
  },

  bool() {
    const expected = 'true or false (also 1/0, yes/no)';
    return z
      .string({ error: `must be ${expected}` })
      .refine((value) => BOOLEAN_WORDS.has(value.trim().toLowerCase()), { error: `must be ${expected}` })
      .transform((value) => BOOLEAN_WORDS.get(value.trim().toLowerCase()) === true);
  },
};

const BOOLEAN_WORDS = new Map<string, boolean>([
  ['true', true],
  ['1', true],
  ['yes', true],
  ['false', false],
  ['0', false],
  ['no', false],
]);

export function splitList(value: string): string[] {
  return value
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part.length > 0);
}

function hasProtocol(value: string, protocols: readonly string[]): boolean {
  try {
    const url = new URL(value);
    return protocols.includes(url.protocol) && url.hostname.length > 0;
  } catch {
    return false;
  }
}
