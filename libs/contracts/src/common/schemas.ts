import { z } from 'zod';

/**
 * Request pieces every service's schemas are built from, so a rule is written once: the gateway validates HTTP with
 * them and each service its NATS messages.
 */

export const DEFAULT_LIMIT = 100;
export const MAX_LIMIT = 1000;
export const MAX_NAME_LENGTH = 200;
export const MAX_SEARCH_LENGTH = 400;
export const MAX_DESCRIPTION_LENGTH = 4000;
/** Tags are labels (SPEC §4.4): at most 100 per entity, each trimmed and 1–255 characters (PostHog's tag length). */
export const MAX_TAGS = 100;
export const MAX_TAG_LENGTH = 255;
/**
 * How deep JSON entering Strata may nest (objects and arrays, the outermost counting as 1). Real payloads stay far
 * below; far deeper ones (5,000 levels) overflow the stack of `JSON.stringify` on their way to NATS.
 */
export const MAX_JSON_DEPTH = 64;

/** Projects, environments and everything numbered by the database. */
export const integerIdSchema = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);
/** Organizations, users, keys, definitions. */
export const uuidSchema = z.uuid();

/** `limit`/`offset` inside a message; absent means the first page of 100. */
export const pageRequestSchema = z
  .object({
    limit: z.number().int().min(1).max(MAX_LIMIT).default(DEFAULT_LIMIT),
    offset: z.number().int().min(0).default(0),
  })
  .default({ limit: DEFAULT_LIMIT, offset: 0 });

/** `limit`/`offset` in an HTTP query string (strings there). */
export const pageQueryShape = {
  limit: z.coerce.number().int().min(1).max(MAX_LIMIT).default(DEFAULT_LIMIT),
  offset: z.coerce.number().int().min(0).default(0),
};

/** `If-Match` as the version the caller read; `null` reads as absent, like an omitted field. */
export const ifMatchSchema = z
  .number()
  .int()
  .min(0)
  .nullish()
  .transform((version) => version ?? undefined)
  .optional();

/** Names of organizations, projects and environments: trimmed, 1–200 characters. */
export const nameSchema = z
  .string()
  .trim()
  .min(1, 'This field may not be blank.')
  .max(MAX_NAME_LENGTH, `Ensure this field has no more than ${MAX_NAME_LENGTH} characters.`);

export const searchSchema = z.string().max(MAX_SEARCH_LENGTH).meta({ description: 'case-insensitive substring of the name' });

/** Trimmed; empty clears it. */
export const descriptionSchema = z
  .string()
  .trim()
  .max(MAX_DESCRIPTION_LENGTH, `Ensure this field has no more than ${MAX_DESCRIPTION_LENGTH} characters.`);

/** Trimmed, non-blank, de-duplicated in their first order. */
export const tagsSchema = z
  .array(z.string().trim().min(1, `A tag is 1–${MAX_TAG_LENGTH} characters.`).max(MAX_TAG_LENGTH, `A tag is 1–${MAX_TAG_LENGTH} characters.`))
  .max(MAX_TAGS, `At most ${MAX_TAGS} tags.`)
  .transform((tags) => [...new Set(tags)]);

/** SPEC §4's list body around `item` (a response: for the OpenAPI document and the compile-time checks). */
export function listBodySchema<Item extends z.ZodType>(item: Item) {
  return z.object({ count: z.number().int(), next: z.string().nullable(), previous: z.string().nullable(), results: z.array(item) });
}

/** `true` when A and B are the same type; schemas are checked against their contract types with it. */
export type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
