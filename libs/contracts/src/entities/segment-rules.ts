import { z } from 'zod';
import { MAX_NAME_LENGTH, Same, uuidSchema } from '../common/schemas';

/**
 * A cohort's `rules` (SPEC §4.4), which flags and the export call segment rules: written once here for the entities
 * service (cohort bodies), the export/import validator (segments of a file) and the flag engine (§4.5), so a rule
 * accepted at the edge is one the engine can evaluate. Every problem names its path (`0.conditions.2.value`; inside a
 * cohort body `rules.0.conditions.2.value`).
 */

/** The comparisons: with a value ending in `:semver` they compare versions (Flagsmith's engine). */
const COMPARISONS = ['EQUAL', 'NOT_EQUAL', 'GREATER_THAN', 'GREATER_THAN_INCLUSIVE', 'LESS_THAN', 'LESS_THAN_INCLUSIVE'] as const;

/** Flagsmith's fourteen operators (its files import cleanly), then Strata's two references to other entities. */
export const SEGMENT_OPERATORS = [
  ...COMPARISONS,
  'CONTAINS',
  'NOT_CONTAINS',
  'REGEX',
  'IN',
  'IS_SET',
  'IS_NOT_SET',
  'MODULO',
  'PERCENTAGE_SPLIT',
  'IN_COHORT',
  'PERFORMED_ACTION',
] as const;
export type SegmentOperator = (typeof SEGMENT_OPERATORS)[number];

/** Each operator in words, for people choosing one (the console's rule builder), with its value's form where it has one. */
export const SEGMENT_OPERATOR_WORDS: Record<SegmentOperator, string> = {
  EQUAL: 'is',
  NOT_EQUAL: 'is not',
  GREATER_THAN: 'is greater than',
  GREATER_THAN_INCLUSIVE: 'is at least',
  LESS_THAN: 'is less than',
  LESS_THAN_INCLUSIVE: 'is at most',
  CONTAINS: 'contains',
  NOT_CONTAINS: 'does not contain',
  REGEX: 'matches the regular expression',
  IN: 'is one of (comma-separated)',
  IS_SET: 'is set',
  IS_NOT_SET: 'is not set',
  MODULO: 'modulo (divisor|remainder, e.g. 3|0)',
  PERCENTAGE_SPLIT: 'is in a percentage split (0–100)',
  IN_COHORT: 'is in the cohort',
  PERFORMED_ACTION: 'performed the action',
};

export const SEGMENT_RULE_TYPES = ['ALL', 'ANY', 'NONE'] as const;
export type SegmentRuleType = (typeof SEGMENT_RULE_TYPES)[number];

/** Each rule type in words: what of its conditions and nested rules must match. */
export const SEGMENT_RULE_TYPE_WORDS: Record<SegmentRuleType, string> = { ALL: 'all of these', ANY: 'any of these', NONE: 'none of these' };

/** The operators whose value names another entity (an id in a cohort body, a name in an export file), and its kind. */
export const SEGMENT_REFERENCE_OPERATORS = { IN_COHORT: 'cohort', PERFORMED_ACTION: 'action' } as const satisfies Partial<Record<SegmentOperator, string>>;
export type SegmentReferenceOperator = keyof typeof SEGMENT_REFERENCE_OPERATORS;

export const referencedKindOf = (operator: SegmentOperator): 'cohort' | 'action' | undefined =>
  operator in SEGMENT_REFERENCE_OPERATORS ? SEGMENT_REFERENCE_OPERATORS[operator as SegmentReferenceOperator] : undefined;

/** `value` is always a string (a number sent is stored as its string); '' for IS_SET / IS_NOT_SET sent without one. */
export interface SegmentCondition {
  property_: string;
  operator: SegmentOperator;
  value: string;
}

export interface SegmentRule {
  type: SegmentRuleType;
  rules: SegmentRule[];
  conditions: SegmentCondition[];
}

export type CohortRules = SegmentRule[];

/** Rules nest at most 10 deep (a top-level rule is depth 1): real segments use 2–3, and parsing stays shallow. */
export const MAX_RULE_DEPTH = 10;
/** At most 50 rules in one list and 100 conditions in one rule, 1,000 conditions in all: no body can explode. */
export const MAX_RULES_PER_LEVEL = 50;
export const MAX_CONDITIONS_PER_RULE = 100;
export const MAX_CONDITIONS_TOTAL = 1_000;
/** Flagsmith's length of a condition's property; values get 10× its default limit of 1,000 (long IN lists). */
export const MAX_CONDITION_PROPERTY_LENGTH = 1_000;
export const MAX_CONDITION_VALUE_LENGTH = 10_000;
export const SEMVER_SUFFIX = ':semver';

/** Operators that test no property: they hash the identity, or name another cohort or an action. */
const PROPERTYLESS: ReadonlySet<SegmentOperator> = new Set(['PERCENTAGE_SPLIT', 'IN_COHORT', 'PERFORMED_ACTION']);
/** Operators whose value means nothing: absent or null is stored as ''. */
const VALUELESS: ReadonlySet<SegmentOperator> = new Set(['IS_SET', 'IS_NOT_SET']);
/** Whether a condition with this operator tests a property (else it hashes the identity, or names a cohort or an action). */
export const testsProperty = (operator: SegmentOperator): boolean => !PROPERTYLESS.has(operator);
/** Whether this operator's value means anything (IS_SET and IS_NOT_SET take none). */
export const takesValue = (operator: SegmentOperator): boolean => !VALUELESS.has(operator);
/** Operators that compare versions when the value ends with `:semver` (Flagsmith's engine). */
const SEMVER_AWARE: ReadonlySet<SegmentOperator> = new Set(COMPARISONS);

const DECIMAL = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;
const SEMVER =
  /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?$/;

/** A decimal number as Python's `float()` reads the engine cases' values (`'2.1'`, `' 50 '`); no hex, no NaN. */
export function parseDecimal(text: string): number | undefined {
  const trimmed = text.trim();
  return DECIMAL.test(trimmed) ? Number(trimmed) : undefined;
}

/** `divisor|remainder` of MODULO, or undefined when it is no such pair (the engine then matches nothing). */
export function parseModulo(value: string): { divisor: number; remainder: number } | undefined {
  const parts = value.split('|');
  if (parts.length !== 2) return undefined;
  const [divisor, remainder] = parts.map(parseDecimal);
  return divisor === undefined || remainder === undefined || divisor === 0 ? undefined : { divisor, remainder };
}

/** IN's values: a JSON array's items as strings, else the comma-separated parts as written (untrimmed, as Flagsmith). */
export function parseInValues(value: string): string[] {
  const list = jsonArrayOf(value);
  return list === undefined ? value.split(',') : list.map((item) => (typeof item === 'string' ? item : JSON.stringify(item)));
}

function jsonArrayOf(value: string): unknown[] | undefined {
  if (!value.trimStart().startsWith('[')) return undefined;
  try {
    const parsed: unknown = JSON.parse(value);
    return Array.isArray(parsed) ? parsed : undefined;
  } catch {
    return undefined;
  }
}

export interface SemverParts {
  major: number;
  minor: number;
  patch: number;
  prerelease: string[];
  build: string[];
}

/** The version of a `1.2.3-rc.1+b.4:semver` value; undefined when the value has no suffix or no valid version. */
export function parseSemverValue(value: string): SemverParts | undefined {
  if (!value.endsWith(SEMVER_SUFFIX)) return undefined;
  const match = SEMVER.exec(value.slice(0, -SEMVER_SUFFIX.length));
  if (match === null) return undefined;
  const [, major, minor, patch, prerelease, build] = match;
  const parts = (text: string | undefined) => (text === undefined ? [] : text.split('.'));
  return { major: Number(major), minor: Number(minor), patch: Number(patch), prerelease: parts(prerelease), build: parts(build) };
}

/** How IN_COHORT and PERFORMED_ACTION name what they reference: ids in cohort bodies, names in export files (§6). */
export type SegmentReferences = 'ids' | 'names';

type ValueCheck = (value: string, references: SegmentReferences) => string | undefined;

const anyValue: ValueCheck = () => undefined;

function reference(operator: string, entity: string): ValueCheck {
  return (value, references) => {
    if (references === 'ids') return uuidSchema.safeParse(value).success ? undefined : `${operator} takes ${entity} id (a UUID).`;
    const name = value.trim();
    return name.length > 0 && name.length <= MAX_NAME_LENGTH ? undefined : `${operator} takes the name of ${entity} (1–${MAX_NAME_LENGTH} characters).`;
  };
}

function inProblem(value: string): string | undefined {
  const message = 'IN takes a comma-separated list or a JSON array of strings and numbers, with at least one value.';
  const list = jsonArrayOf(value);
  if (list === undefined) return value === '' ? message : undefined;
  return list.length > 0 && list.every((item) => typeof item === 'string' || typeof item === 'number') ? undefined : message;
}

function regexProblem(value: string): string | undefined {
  try {
    new RegExp(value);
    return undefined;
  } catch (error) {
    return `REGEX takes a valid regular expression: ${(error as Error).message}`;
  }
}

/** Each operator's value rule, once (the engine may rely on them for every stored cohort). */
const VALUE_CHECKS: Record<SegmentOperator, ValueCheck> = {
  EQUAL: anyValue,
  NOT_EQUAL: anyValue,
  GREATER_THAN: anyValue,
  GREATER_THAN_INCLUSIVE: anyValue,
  LESS_THAN: anyValue,
  LESS_THAN_INCLUSIVE: anyValue,
  CONTAINS: anyValue,
  NOT_CONTAINS: anyValue,
  REGEX: regexProblem,
  IN: inProblem,
  IS_SET: anyValue,
  IS_NOT_SET: anyValue,
  MODULO: (value) =>
    parseModulo(value) === undefined ? 'MODULO takes "divisor|remainder": two numbers, the divisor not 0 (e.g. "3|0").' : undefined,
  PERCENTAGE_SPLIT: (value) => {
    const percentage = parseDecimal(value);
    return percentage === undefined || percentage < 0 || percentage > 100 ? 'PERCENTAGE_SPLIT takes a number from 0 to 100.' : undefined;
  },
  IN_COHORT: reference('IN_COHORT', 'a cohort'),
  PERFORMED_ACTION: reference('PERFORMED_ACTION', 'an action'),
};

/** The problem of a condition's value for its operator, or undefined (exported for the import validator's messages). */
export function conditionValueProblem(operator: SegmentOperator, value: string, references: SegmentReferences): string | undefined {
  if (SEMVER_AWARE.has(operator) && value.endsWith(SEMVER_SUFFIX) && parseSemverValue(value) === undefined) {
    return `${operator} with "${SEMVER_SUFFIX}" takes a semantic version before it (x.y.z[-pre][+build]).`;
  }
  return VALUE_CHECKS[operator](value, references);
}

const conditionInput = z.object({
  property_: z.string().max(MAX_CONDITION_PROPERTY_LENGTH, `A property_ is at most ${MAX_CONDITION_PROPERTY_LENGTH} characters.`).nullish(),
  operator: z.enum(SEGMENT_OPERATORS),
  value: z
    .union([z.string(), z.number(), z.array(z.union([z.string(), z.number()]))], {
      error: 'A value is a string; a number is taken as its string, a list of strings and numbers (IN only) as its JSON.',
    })
    .nullish(),
});
type RawValue = z.output<typeof conditionInput>['value'];

/** The stored string of a value sent: numbers as their string, an IN list as its JSON text, absent as ''. */
function valueText(value: RawValue): string {
  if (value === null || value === undefined) return '';
  return Array.isArray(value) ? JSON.stringify(value) : String(value);
}

function valueProblem(operator: SegmentOperator, value: RawValue, references: SegmentReferences): string | undefined {
  if (value === null || value === undefined) return VALUELESS.has(operator) ? undefined : `${operator} needs a value.`;
  if (Array.isArray(value) && operator !== 'IN') return `${operator} takes a string, not a list.`;
  const text = valueText(value);
  if (text.length > MAX_CONDITION_VALUE_LENGTH) return `A value is at most ${MAX_CONDITION_VALUE_LENGTH} characters.`;
  return conditionValueProblem(operator, text, references);
}

function conditionSchema(references: SegmentReferences) {
  return conditionInput
    .superRefine(({ property_, operator, value }, ctx) => {
      if (!PROPERTYLESS.has(operator) && (property_ ?? '').trim() === '') {
        ctx.addIssue({ code: 'custom', path: ['property_'], message: `${operator} needs a property_ (a trait or a $. path).` });
      }
      const problem = valueProblem(operator, value, references);
      if (problem !== undefined) ctx.addIssue({ code: 'custom', path: ['value'], message: problem });
    })
    .transform(({ property_, operator, value }): SegmentCondition => ({ property_: property_ ?? '', operator, value: valueText(value) }));
}

const deeperThanAllowed = z
  .array(z.unknown())
  .max(0, `Rules nest at most ${MAX_RULE_DEPTH} deep.`)
  .transform((): SegmentRule[] => []);

/** The rule schema of each depth, built up from the deepest (which may hold no rules): bounded without recursion. */
function ruleSchema(references: SegmentReferences): z.ZodType<SegmentRule> {
  const condition = conditionSchema(references);
  let rule: z.ZodType<SegmentRule> | undefined;
  for (let depth = MAX_RULE_DEPTH; depth >= 1; depth--) {
    const nested = rule === undefined ? deeperThanAllowed : z.array(rule).max(MAX_RULES_PER_LEVEL, `At most ${MAX_RULES_PER_LEVEL} rules in one list.`);
    rule = z.object({
      type: z.enum(SEGMENT_RULE_TYPES),
      rules: nested.default([]),
      conditions: z.array(condition).max(MAX_CONDITIONS_PER_RULE, `At most ${MAX_CONDITIONS_PER_RULE} conditions in one rule.`).default([]),
    });
  }
  return rule as z.ZodType<SegmentRule>;
}

function countConditions(rules: readonly SegmentRule[]): number {
  return rules.reduce((count, rule) => count + rule.conditions.length + countConditions(rule.rules), 0);
}

/** Segment rules with references of the given form; unknown keys (Flagsmith's `id`, `description`) are dropped. */
export function segmentRulesSchemaFor(references: SegmentReferences) {
  return z
    .array(ruleSchema(references))
    .max(MAX_RULES_PER_LEVEL, `At most ${MAX_RULES_PER_LEVEL} rules in one list.`)
    .refine((rules) => countConditions(rules) <= MAX_CONDITIONS_TOTAL, `At most ${MAX_CONDITIONS_TOTAL} conditions in all.`);
}

/** A cohort body's `rules`: IN_COHORT / PERFORMED_ACTION name ids. */
export const segmentRulesSchema = segmentRulesSchemaFor('ids');
/** A segment's `rules` in an export file: IN_COHORT / PERFORMED_ACTION name segments and actions by name. */
export const exportedSegmentRulesSchema = segmentRulesSchemaFor('names');

export type SegmentConditionInput = z.input<typeof conditionInput>;

const _conditionMatches: Same<z.output<ReturnType<typeof conditionSchema>>, SegmentCondition> = true;
const _rulesMatch: Same<z.output<typeof segmentRulesSchema>, CohortRules> = true;
void [_conditionMatches, _rulesMatch];

export interface CohortReferences {
  cohortIds: string[];
  actionIds: string[];
}

/** The cohorts (IN_COHORT) and actions (PERFORMED_ACTION) the rules name, each once, in the order they first appear. */
export function cohortReferencesOf(rules: readonly SegmentRule[]): CohortReferences {
  const cohorts = new Set<string>();
  const actions = new Set<string>();
  const visit = (list: readonly SegmentRule[]): void => {
    for (const rule of list) {
      for (const { operator, value } of rule.conditions) {
        const kind = referencedKindOf(operator);
        if (kind === 'cohort') cohorts.add(value);
        if (kind === 'action') actions.add(value);
      }
      visit(rule.rules);
    }
  };
  visit(rules);
  return { cohortIds: [...cohorts], actionIds: [...actions] };
}
