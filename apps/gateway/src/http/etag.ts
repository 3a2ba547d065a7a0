import { PreconditionFailedError, ValidationError } from '@strata/contracts';

/** `ETag: W/"<version>"` of a single entity (SPEC §4): the version is its event stream's version. */
export function etagOf(version: number): string {
  return `W/"${version}"`;
}

/**
 * The stream version an `If-Match` header pins the change to, or undefined when absent. `*` pins nothing. A header
 * that is not one of our ETags can never match: the change is refused with 412 rather than applied blindly.
 */
export function expectedVersionFrom(ifMatch: string | string[] | undefined): number | undefined {
  if (ifMatch === undefined) return undefined;
  const value = Array.isArray(ifMatch) ? ifMatch[0] : ifMatch;
  if (value === undefined || value.trim() === '*') return undefined;
  const match = /^\s*(?:W\/)?"(\d+)"\s*$/.exec(value);
  if (!match) throw new PreconditionFailedError();
  const version = Number(match[1]);
  if (!Number.isSafeInteger(version)) throw new ValidationError('If-Match is not a valid ETag.', 'If-Match');
  return version;
}
