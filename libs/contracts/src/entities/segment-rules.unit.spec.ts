import {
  MAX_CONDITIONS_PER_RULE,
  MAX_RULE_DEPTH,
  MAX_RULES_PER_LEVEL,
  SEGMENT_OPERATORS,
  SegmentRule,
  cohortReferencesOf,
  exportedSegmentRulesSchema,
  parseInValues,
  parseModulo,
  parseSemverValue,
  segmentRulesSchema,
} from './index';

/**
 * The rules of a cohort's `rules` (SPEC §4.4, values as §4.5), as the entities service, the import validator and the
 * flag engine apply them. A refusal names the path from the rules list (`0.conditions.0.value`).
 */
type Schema = typeof segmentRulesSchema | typeof exportedSegmentRulesSchema;

const cohortId = '0190c6d2-0000-7000-8000-000000000001';
const actionId = '0190c6d2-0000-7000-8000-000000000002';
const withCondition = (condition: Record<string, unknown>) => [{ type: 'ALL', rules: [], conditions: [condition] }];
const condition = (operator: string, value: unknown, property_: unknown = 'trait') => withCondition({ property_, operator, value });

function refused(rules: unknown, schema: Schema = segmentRulesSchema): { path: string; message: string } {
  const [issue] = schema.safeParse(rules).error?.issues ?? [];
  if (issue === undefined) throw new Error(`accepted ${JSON.stringify(rules)}`);
  return { path: issue.path.map(String).join('.'), message: issue.message };
}

function storedValue(operator: string, value: unknown, property_: unknown = 'trait'): string | undefined {
  return segmentRulesSchema.parse(condition(operator, value, property_))[0]?.conditions[0]?.value;
}

describe('segment rules', () => {
  it('know the 14 Flagsmith operators and Strata\'s two', () => {
    expect(SEGMENT_OPERATORS).toHaveLength(16);
    expect(refused(condition('STARTS_WITH', 'a'))).toMatchObject({ path: '0.conditions.0.operator' });
  });

  it('accept ALL, ANY and NONE, nested, and keep them as sent (missing lists read as empty)', () => {
    const rules = [{ type: 'ALL', rules: [{ type: 'ANY', conditions: [{ property_: 'plan', operator: 'EQUAL', value: 'pro' }] }, { type: 'NONE' }] }];
    expect(segmentRulesSchema.parse(rules)).toEqual([
      {
        type: 'ALL',
        conditions: [],
        rules: [
          { type: 'ANY', rules: [], conditions: [{ property_: 'plan', operator: 'EQUAL', value: 'pro' }] },
          { type: 'NONE', rules: [], conditions: [] },
        ],
      },
    ]);
    expect(refused([{ type: 'SOME', rules: [], conditions: [] }]).path).toBe('0.type');
  });

  it('drop unknown keys (Flagsmith\'s ids) rather than refuse its files', () => {
    const parsed = segmentRulesSchema.parse([{ id: 4, type: 'ALL', rules: [], conditions: [{ id: 9, property_: 'a', operator: 'EQUAL', value: 'b' }] }]);
    expect(parsed).toEqual([{ type: 'ALL', rules: [], conditions: [{ property_: 'a', operator: 'EQUAL', value: 'b' }] }]);
  });

  it('store a number sent as value as its string', () => {
    expect(storedValue('EQUAL', 42)).toBe('42');
    expect(storedValue('PERCENTAGE_SPLIT', 12.5, '')).toBe('12.5');
    expect(refused(condition('EQUAL', true))).toEqual({ path: '0.conditions.0.value', message: expect.stringMatching(/A value is a string/) });
  });

  it('store a list sent to IN (as the engine cases write it) as its JSON text, and refuse a list elsewhere', () => {
    expect(storedValue('IN', ['active', 1])).toBe('["active",1]');
    expect(parseInValues(storedValue('IN', ['active', 1]) ?? '')).toEqual(['active', '1']);
    expect(refused(condition('EQUAL', ['a']))).toEqual({ path: '0.conditions.0.value', message: 'EQUAL takes a string, not a list.' });
    expect(refused(condition('IN', []))).toMatchObject({ path: '0.conditions.0.value', message: expect.stringMatching(/at least one value/) });
  });

  describe('property_', () => {
    it.each(['EQUAL', 'REGEX', 'IN', 'IS_SET', 'MODULO'])('is required for %s', (operator) => {
      expect(refused(condition(operator, '1|0', ' '))).toEqual({ path: '0.conditions.0.property_', message: expect.stringMatching(operator) });
      expect(refused(condition(operator, '1|0', null)).path).toBe('0.conditions.0.property_');
    });

    it.each<[string, string]>([
      ['PERCENTAGE_SPLIT', '50'],
      ['IN_COHORT', cohortId],
      ['PERFORMED_ACTION', actionId],
    ])('may be empty or null for %s (stored as "")', (operator, value) => {
      expect(segmentRulesSchema.parse(condition(operator, value, null))[0]?.conditions[0]?.property_).toBe('');
      expect(segmentRulesSchema.parse(condition(operator, value, ''))[0]?.conditions[0]?.property_).toBe('');
    });

    it('is taken as sent, $.paths included', () => {
      expect(segmentRulesSchema.parse(condition('EQUAL', 'QA', '$.environment.name'))[0]?.conditions[0]?.property_).toBe('$.environment.name');
    });
  });

  describe('values', () => {
    it.each<[string, unknown[]]>([
      ['EQUAL', ['', 'True', '1.0.1:semver']],
      ['NOT_EQUAL', ['1.0.0:semver', 'premium']],
      ['GREATER_THAN', ['2.1', '1.2.3-pre.2+build.4:semver', 'anything']],
      ['GREATER_THAN_INCLUSIVE', ['21', '1.0.0:semver']],
      ['LESS_THAN', ['1.0.0-rc.3:semver', 40]],
      ['LESS_THAN_INCLUSIVE', ['100']],
      ['CONTAINS', ['object_user', 'x:semver']],
      ['NOT_CONTAINS', ['']],
      ['REGEX', ['[a-z]+', '\\d*[13579]$', '']],
      ['IN', ['1,2,3,4', 'foo,None,null,bar', '["active","premium","vip"]', '[1, "2"]', '[foo,bar]', '"I am a JSON literal"']],
      ['IS_SET', ['', null, undefined, 'ignored']],
      ['IS_NOT_SET', ['']],
      ['MODULO', ['3|0', '4|3', '2.5|0.5', '-3|1']],
      ['PERCENTAGE_SPLIT', ['0', '0.1', '100', 50]],
      ['IN_COHORT', [cohortId]],
      ['PERFORMED_ACTION', [actionId]],
    ])('%s accepts its values', (operator, values) => {
      for (const value of values) expect(segmentRulesSchema.safeParse(condition(operator, value)).error?.issues ?? []).toEqual([]);
    });

    it.each<[string, unknown, RegExp]>([
      ['GREATER_THAN', '1.0:semver', /semantic version/],
      ['EQUAL', 'v1.0.0:semver', /x\.y\.z/],
      ['LESS_THAN', '01.0.0:semver', /semantic version/],
      ['EQUAL', null, /needs a value/],
      ['REGEX', '[a-z', /REGEX takes a valid regular expression/],
      ['REGEX', '(?P<name>x)', /regular expression/],
      ['IN', '', /IN takes/],
      ['IN', '[]', /at least one value/],
      ['IN', '[{"a":1}]', /JSON array of strings and numbers/],
      ['IN', '[true]', /IN takes/],
      ['MODULO', 'invalid|value', /divisor\|remainder/],
      ['MODULO', '3|0|1', /divisor\|remainder/],
      ['MODULO', '0|1', /divisor not 0/],
      ['MODULO', '', /MODULO/],
      ['MODULO', '0x3|0', /MODULO/],
      ['PERCENTAGE_SPLIT', '101', /0 to 100/],
      ['PERCENTAGE_SPLIT', '-1', /0 to 100/],
      ['PERCENTAGE_SPLIT', 'half', /0 to 100/],
      ['IN_COHORT', 'beta_users', /cohort id \(a UUID\)/],
      ['PERFORMED_ACTION', '12', /action id/],
    ])('%s refuses %j', (operator, value, message) => {
      expect(refused(condition(operator, value))).toEqual({ path: '0.conditions.0.value', message: expect.stringMatching(message) });
    });

    it('refuse a value over 10,000 characters and a property_ over 1,000', () => {
      expect(refused(condition('EQUAL', 'x'.repeat(10_001)))).toEqual({ path: '0.conditions.0.value', message: expect.stringMatching(/10000/) });
      expect(refused(condition('EQUAL', 'x', 'p'.repeat(1_001)))).toEqual({ path: '0.conditions.0.property_', message: expect.stringMatching(/1000/) });
    });

    it('name segments and actions by name in an export file, not by id', () => {
      expect(exportedSegmentRulesSchema.safeParse(condition('IN_COHORT', 'beta_users', '')).success).toBe(true);
      expect(exportedSegmentRulesSchema.safeParse(condition('PERFORMED_ACTION', 'Signed up', '')).success).toBe(true);
      expect(refused(condition('IN_COHORT', '  ', ''), exportedSegmentRulesSchema)).toEqual({
        path: '0.conditions.0.value',
        message: expect.stringMatching(/name of a cohort/),
      });
    });
  });

  describe('bounds', () => {
    const nest = (depth: number): SegmentRule => ({ type: 'ALL', conditions: [], rules: depth <= 1 ? [] : [nest(depth - 1)] });

    it(`nest rules at most ${MAX_RULE_DEPTH} deep, naming the path of the rule one too deep`, () => {
      expect(segmentRulesSchema.safeParse([nest(MAX_RULE_DEPTH)]).success).toBe(true);
      const path = ['0', ...Array.from({ length: MAX_RULE_DEPTH - 1 }, () => ['rules', '0']).flat(), 'rules'].join('.');
      expect(refused([nest(MAX_RULE_DEPTH + 1)])).toEqual({ path, message: `Rules nest at most ${MAX_RULE_DEPTH} deep.` });
    });

    it('stop a hostile body: rules per list, conditions per rule and in all', () => {
      const rule = { type: 'ALL', rules: [], conditions: [] };
      expect(refused(Array.from({ length: MAX_RULES_PER_LEVEL + 1 }, () => rule)).message).toMatch(/50 rules/);
      expect(refused([{ type: 'ANY', rules: Array.from({ length: MAX_RULES_PER_LEVEL + 1 }, () => rule), conditions: [] }]).path).toBe('0.rules');
      const conditions = (count: number) => Array.from({ length: count }, () => ({ property_: 'a', operator: 'IS_SET' }));
      expect(refused([{ type: 'ALL', conditions: conditions(MAX_CONDITIONS_PER_RULE + 1) }])).toMatchObject({ path: '0.conditions' });
      const wide = Array.from({ length: 11 }, () => ({ type: 'ALL', conditions: conditions(MAX_CONDITIONS_PER_RULE) }));
      expect(refused(wide)).toEqual({ path: '', message: 'At most 1000 conditions in all.' });
    });

    it('report every problem, each with its path', () => {
      const issues = segmentRulesSchema.safeParse([
        { type: 'ALL', rules: [{ type: 'ANY', conditions: [{ property_: 'v', operator: 'MODULO', value: '0|1' }] }], conditions: [{ operator: 'IN' }] },
      ]).error?.issues;
      expect(issues?.map((issue) => issue.path.join('.'))).toEqual(['0.rules.0.conditions.0.value', '0.conditions.0.property_', '0.conditions.0.value']);
    });
  });

  it('name the cohorts and actions they reference, each once, in order of appearance', () => {
    const other = '0190c6d2-0000-7000-8000-000000000003';
    const rules = segmentRulesSchema.parse([
      {
        type: 'ANY',
        conditions: [{ operator: 'IN_COHORT', value: cohortId }, { operator: 'PERFORMED_ACTION', value: actionId }],
        rules: [{ type: 'NONE', conditions: [{ operator: 'IN_COHORT', value: other }, { operator: 'IN_COHORT', value: cohortId }, { property_: 'x', operator: 'EQUAL', value: cohortId }] }],
      },
    ]);
    expect(cohortReferencesOf(rules)).toEqual({ cohortIds: [cohortId, other], actionIds: [actionId] });
    expect(cohortReferencesOf([])).toEqual({ cohortIds: [], actionIds: [] });
  });

  describe('value readers for the engine', () => {
    it('parseModulo reads divisor|remainder, else nothing', () => {
      expect(parseModulo('3|0')).toEqual({ divisor: 3, remainder: 0 });
      expect(parseModulo(' 2.5 | 0.5 ')).toEqual({ divisor: 2.5, remainder: 0.5 });
      expect([parseModulo('invalid|value'), parseModulo(''), parseModulo('0|1'), parseModulo('1|2|3')]).toEqual([undefined, undefined, undefined, undefined]);
    });

    it('parseInValues reads a JSON array, else the comma-separated parts as written', () => {
      expect(parseInValues('["active","premium"]')).toEqual(['active', 'premium']);
      expect(parseInValues('[1, "2"]')).toEqual(['1', '2']);
      expect(parseInValues('a, b,c')).toEqual(['a', ' b', 'c']);
      expect(parseInValues('[foo,bar]')).toEqual(['[foo', 'bar]']);
      expect(parseInValues('"lit"')).toEqual(['"lit"']);
    });

    it('parseSemverValue reads the version before :semver, else nothing', () => {
      expect(parseSemverValue('1.2.3-pre.2+build.4:semver')).toEqual({ major: 1, minor: 2, patch: 3, prerelease: ['pre', '2'], build: ['build', '4'] });
      expect(parseSemverValue('1.0.0:semver')).toEqual({ major: 1, minor: 0, patch: 0, prerelease: [], build: [] });
      expect([parseSemverValue('1.0.0'), parseSemverValue('1.0:semver')]).toEqual([undefined, undefined]);
    });
  });
});
