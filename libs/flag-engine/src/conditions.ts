import { entities } from '@strata/contracts';
import { compileComparison, type Comparison } from './comparisons';
import { pythonText, readerOf, type ContextValue, type Subject, type ValueReader } from './context-values';
import type { ConditionContext, EnvironmentEvaluationContext } from './evaluation-context';
import { hashedPercentageAfter, hashSeed } from './hashing';

const { parseDecimal, parseInValues, parseModulo } = entities;

export type Matcher = (subject: Subject) => boolean;

/** What a condition needs to know beyond itself: the context, its segment, and the cohorts IN_COHORT may read. */
export interface ConditionScope {
  context: EnvironmentEvaluationContext;
  segmentKey: string;
  /** The index in `Subject.matched` of the segment with this key; undefined when unknown or when it would close a cycle. */
  cohortIndex(key: string): number | undefined;
}

const never: Matcher = () => false;
const unset: ValueReader = () => undefined;

/** A condition compiled once: its value parsed, its regex built, its IN list a Set, its hash seed joined. */
export function compileCondition(condition: ConditionContext, scope: ConditionScope): Matcher {
  const { operator } = condition;
  const value = textOf(condition.value);
  const property = condition.property ?? '';
  const read = property === '' ? unset : readerOf(property, scope.context);
  switch (operator) {
    case 'IN_COHORT':
      return inCohort(value, scope);
    case 'PERFORMED_ACTION':
      // Behaviour (events performed) is not on the evaluation path: no store is read per evaluation, so it never matches.
      return never;
    case 'PERCENTAGE_SPLIT':
      return percentageSplit(property === '' ? undefined : read, scope.segmentKey, value);
    case 'IN':
      return inList(read, condition.value);
    case 'IS_SET':
      return (subject) => read(subject) !== undefined;
    case 'IS_NOT_SET':
      return (subject) => read(subject) === undefined;
    case 'NOT_CONTAINS':
      return (subject) => {
        const contextValue = read(subject);
        return typeof contextValue === 'string' && !contextValue.includes(value);
      };
    case 'REGEX':
      return regex(read, value);
    case 'MODULO':
      return modulo(read, value);
    default:
      return comparison(read, operator, value);
  }
}

function textOf(value: ConditionContext['value']): string {
  if (value === null || value === undefined) return '';
  return Array.isArray(value) ? value.join(',') : value;
}

function comparison(read: ValueReader, operator: Comparison, value: string): Matcher {
  const compare = compileComparison(operator, value);
  return (subject) => {
    const contextValue = read(subject);
    return contextValue !== undefined && compare(contextValue);
  };
}

function inCohort(key: string, scope: ConditionScope): Matcher {
  const index = scope.cohortIndex(key);
  return index === undefined ? never : (subject) => subject.matched[index] === 1;
}

/** Hashes the segment's key with the property's value when one is named (absent: no match), else the identity key. */
function percentageSplit(read: ValueReader | undefined, segmentKey: string, value: string): Matcher {
  const threshold = parseDecimal(value);
  if (threshold === undefined) return never;
  const seed = hashSeed(segmentKey);
  const idOf = read === undefined ? (subject: Subject): ContextValue => subject.key : read;
  return (subject) => {
    const id = idOf(subject);
    return id !== undefined && hashedPercentageAfter(seed, pythonText(id)) <= threshold;
  };
}

/** A whole number matches its decimal text (Flagsmith turns ints, not floats nor booleans, into strings for IN). */
function inList(read: ValueReader, raw: ConditionContext['value']): Matcher {
  const values = new Set(Array.isArray(raw) ? raw.map(String) : parseInValues(raw ?? ''));
  return (subject) => {
    const contextValue = read(subject);
    if (typeof contextValue === 'string') return values.has(contextValue);
    return typeof contextValue === 'number' && Number.isInteger(contextValue) && values.has(String(contextValue));
  };
}

/** Python's `re.match`: anchored at the start only (a sticky expression tried at 0). An invalid pattern matches nothing. */
function regex(read: ValueReader, value: string): Matcher {
  let pattern: RegExp;
  try {
    pattern = new RegExp(value, 'y');
  } catch {
    return never;
  }
  return (subject) => {
    const contextValue = read(subject);
    if (contextValue === undefined) return false;
    pattern.lastIndex = 0;
    return pattern.test(pythonText(contextValue));
  };
}

/** Numbers only; the remainder takes the divisor's sign, as Python's `%` does. */
function modulo(read: ValueReader, value: string): Matcher {
  const parsed = parseModulo(value);
  if (parsed === undefined) return never;
  const { divisor, remainder } = parsed;
  return (subject) => {
    const contextValue = read(subject);
    if (typeof contextValue !== 'number') return false;
    const rest = contextValue % divisor;
    return (rest !== 0 && rest < 0 !== divisor < 0 ? rest + divisor : rest) === remainder;
  };
}
