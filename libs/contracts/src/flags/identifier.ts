import { z } from 'zod';
import { isStorableText } from '../common/text';

export const MAX_IDENTIFIER_LENGTH = 1_000;

/**
 * An identity's identifier, wherever one is read (an identity override's, an SDK request's, OFREP's targeting key):
 * whitespace at either end is not part of it — Flagsmith's serializers (DRF's `CharField`) trim it too — so `"u1 "`
 * and `"u1"` are one identity, whether an override was set for it or it is evaluated.
 */
export const identifierSchema = z
  .string()
  .trim()
  .min(1, `An identifier is 1–${MAX_IDENTIFIER_LENGTH} characters.`)
  .max(MAX_IDENTIFIER_LENGTH, `An identifier is 1–${MAX_IDENTIFIER_LENGTH} characters.`)
  .refine(isStorableText, 'An identifier cannot hold NUL or a lone surrogate.');

/** The identifier as the rule reads it, or `undefined` when it is none (not a string, blank, too long). */
export function identifierFrom(value: unknown): string | undefined {
  // Read on every SDK request: an identifier the schema would return as it is skips the schema's parse.
  if (typeof value === 'string' && value.length >= 1 && value.length <= MAX_IDENTIFIER_LENGTH && value.trim() === value && isStorableText(value)) return value;
  const read = identifierSchema.safeParse(value);
  return read.success ? read.data : undefined;
}
