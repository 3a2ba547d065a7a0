import { entities } from '@strata/contracts';

const { parseDecimal, parseSemverValue, SEMVER_SUFFIX } = entities;
type SemverParts = entities.SemverParts;

/** The operators that coerce the condition's value to the type of the context value, then compare. */
export type Comparison = 'EQUAL' | 'NOT_EQUAL' | 'GREATER_THAN' | 'GREATER_THAN_INCLUSIVE' | 'LESS_THAN' | 'LESS_THAN_INCLUSIVE' | 'CONTAINS';

type Order = (sign: number) => boolean;

const ORDERS: Record<Exclude<Comparison, 'CONTAINS'>, Order> = {
  EQUAL: (sign) => sign === 0,
  NOT_EQUAL: (sign) => sign !== 0,
  GREATER_THAN: (sign) => sign > 0,
  GREATER_THAN_INCLUSIVE: (sign) => sign >= 0,
  LESS_THAN: (sign) => sign < 0,
  LESS_THAN_INCLUSIVE: (sign) => sign <= 0,
};

/**
 * A comparison with the condition's value read once in every type a context value may have (Flagsmith casts the
 * condition to the context value's type, and a value that does not cast matches nothing, NOT_EQUAL included):
 * - a string compares as a string, or as a semantic version when the condition ends with `:semver`;
 * - a number compares numerically with a condition that reads as a decimal (JSON does not tell 2 from 2.0, so
 *   Python's int/float split is one rule here);
 * - a boolean compares with the condition read as Python's `bool` cast does: anything but "False"/"false" is true.
 * CONTAINS tests a substring of a string value only.
 */
export function compileComparison(operator: Comparison, value: string): (contextValue: string | number | boolean) => boolean {
  const semver = value.endsWith(SEMVER_SUFFIX) ? (parseSemverValue(value) ?? null) : undefined;
  const number = parseDecimal(value);
  const boolean = value !== 'False' && value !== 'false';
  if (operator === 'CONTAINS') {
    return (contextValue) => semver === undefined && typeof contextValue === 'string' && contextValue.includes(value);
  }
  const order = ORDERS[operator];
  return (contextValue) => {
    if (typeof contextValue === 'string') {
      if (semver === undefined) return order(contextValue < value ? -1 : contextValue > value ? 1 : 0);
      const version = semver === null ? undefined : parseSemverValue(contextValue + SEMVER_SUFFIX);
      return version !== undefined && order(compareVersions(version, semver!));
    }
    if (typeof contextValue === 'number') return number !== undefined && order(contextValue - number);
    return order(Number(contextValue) - Number(boolean));
  };
}

/** Semantic version precedence (semver.org §11): build metadata ignored, a pre-release below its release. */
export function compareVersions(a: SemverParts, b: SemverParts): number {
  const core = a.major - b.major || a.minor - b.minor || a.patch - b.patch;
  if (core !== 0) return core;
  if (a.prerelease.length === 0 || b.prerelease.length === 0) return b.prerelease.length - a.prerelease.length;
  const length = Math.min(a.prerelease.length, b.prerelease.length);
  for (let i = 0; i < length; i++) {
    const order = compareIdentifiers(a.prerelease[i], b.prerelease[i]);
    if (order !== 0) return order;
  }
  return a.prerelease.length - b.prerelease.length;
}

const NUMERIC = /^\d+$/;

function compareIdentifiers(a: string, b: string): number {
  const aNumeric = NUMERIC.test(a);
  const bNumeric = NUMERIC.test(b);
  if (aNumeric && bNumeric) return Number(a) - Number(b);
  if (aNumeric !== bNumeric) return aNumeric ? -1 : 1;
  return a < b ? -1 : a > b ? 1 : 0;
}
