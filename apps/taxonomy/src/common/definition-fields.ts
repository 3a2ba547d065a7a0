import { ValidationError } from '@strata/contracts';

/** Field rules shared by event and property definitions. */

export const MAX_DEFINITION_NAME_LENGTH = 400;
export const MAX_DESCRIPTION_LENGTH = 4000;
export const MAX_TAG_LENGTH = 255;
export const MAX_TAGS = 100;

/** Names are taken as sent (case and spaces matter, as in the events), 1–400 characters. */
export function validDefinitionName(name: unknown): string {
  if (typeof name !== 'string' || name.length === 0 || name.length > MAX_DEFINITION_NAME_LENGTH) {
    throw new ValidationError(`A name is 1–${MAX_DEFINITION_NAME_LENGTH} characters.`, 'name', 'invalid_name');
  }
  return name;
}

/** Trimmed; empty is allowed (it clears the description). */
export function validDescription(description: unknown): string {
  if (typeof description !== 'string') throw new ValidationError('Must be a string.', 'description', 'invalid');
  const trimmed = description.trim();
  if (trimmed.length > MAX_DESCRIPTION_LENGTH) {
    throw new ValidationError(`Ensure this field has no more than ${MAX_DESCRIPTION_LENGTH} characters.`, 'description', 'max_length');
  }
  return trimmed;
}

/** Trimmed, non-blank, de-duplicated in their first order; at most 100 of at most 255 characters. */
export function validTags(tags: unknown): string[] {
  if (!Array.isArray(tags)) throw new ValidationError('Must be a list of strings.', 'tags', 'invalid');
  const labels: string[] = [];
  for (const tag of tags) {
    const label = typeof tag === 'string' ? tag.trim() : '';
    if (label.length === 0 || label.length > MAX_TAG_LENGTH) {
      throw new ValidationError(`A tag is 1–${MAX_TAG_LENGTH} characters.`, 'tags', 'invalid');
    }
    if (!labels.includes(label)) labels.push(label);
  }
  if (labels.length > MAX_TAGS) throw new ValidationError(`At most ${MAX_TAGS} tags.`, 'tags', 'max_length');
  return labels;
}

export function validVerified(verified: unknown): boolean {
  if (typeof verified !== 'boolean') throw new ValidationError('Must be true or false.', 'verified', 'invalid');
  return verified;
}

export function sameTags(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((tag, i) => tag === b[i]);
}
