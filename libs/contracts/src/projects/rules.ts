import { z } from 'zod';

/** Field rules of SPEC §4.1 that no state decides: the request schemas apply them, the deciders trust them. */

export const MAX_EMAIL_LENGTH = 254;
export const MAX_FIRST_NAME_LENGTH = 150;
/** A key's label is short (PostHog's 40): it names the key in a list. */
export const MAX_API_KEY_LABEL_LENGTH = 40;
/** A key is scoped to at most this many organizations and this many environments. */
export const MAX_SCOPES = 100;

/**
 * A key's scope on one axis: 1–100 ids, or `null`/absent for no restriction. An empty list is refused — a scope that
 * names nothing is a mistake, never "everything".
 */
export function scopeSchema<Id extends z.ZodType>(id: Id) {
  return z
    .array(id)
    .min(1, 'A scope names at least one id; leave it out (or send null) for no restriction.')
    .max(MAX_SCOPES, `At most ${MAX_SCOPES} ids.`)
    .nullish();
}

/** Taken as sent: an address with spaces around it is refused, not trimmed. */
export const emailSchema = z.email().max(MAX_EMAIL_LENGTH);

/** Trimmed; absent means none. */
export const firstNameSchema = z.string().trim().max(MAX_FIRST_NAME_LENGTH);

export const apiKeyLabelSchema = z
  .string()
  .trim()
  .min(1, `The label must have 1 to ${MAX_API_KEY_LABEL_LENGTH} characters.`)
  .max(MAX_API_KEY_LABEL_LENGTH, `The label must have 1 to ${MAX_API_KEY_LABEL_LENGTH} characters.`);

export const secretHashSchema = z.string().regex(/^[0-9a-f]{64}$/, 'Must be a sha256 hex digest.');
