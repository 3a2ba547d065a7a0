import { ValidationError } from '@strata/contracts';

const MAX_NAME_LENGTH = 200;

/** Names of organizations, projects and environments: trimmed, non-empty, at most 200 characters. */
export function validName(name: string, attr = 'name'): string {
  const trimmed = typeof name === 'string' ? name.trim() : '';
  if (trimmed.length === 0) throw new ValidationError('This field may not be blank.', attr, 'blank');
  if (trimmed.length > MAX_NAME_LENGTH) {
    throw new ValidationError(`Ensure this field has no more than ${MAX_NAME_LENGTH} characters.`, attr, 'max_length');
  }
  return trimmed;
}

/** Names compare case-insensitively wherever they must be unique. */
export function sameName(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}
