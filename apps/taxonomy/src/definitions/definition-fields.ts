import { ValidationError, taxonomy } from '@strata/contracts';

/**
 * Names are taken as sent (case and spaces matter, as in the events), 1–400 characters. Checked here, not only at an
 * edge: names arrive in `taxonomy.observations.record` reports, whose schema takes each as any string, and a bad one
 * must drop that one sighting (`lenient` in record-observations.ts), not the whole report.
 */
export function validDefinitionName(name: string): string {
  if (name.length === 0 || name.length > taxonomy.MAX_DEFINITION_NAME_LENGTH) {
    throw new ValidationError(`A name is 1–${taxonomy.MAX_DEFINITION_NAME_LENGTH} characters.`, 'name', 'invalid_name');
  }
  return name;
}

export function sameTags(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((tag, i) => tag === b[i]);
}
