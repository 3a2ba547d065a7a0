import { type CohortRules, SEGMENT_OPERATOR_WORDS, SEGMENT_OPERATORS } from '@strata/contracts/entities';
import { changedCondition, conditionAttr, childAttr, groupsOf, mayNest, newGroup, rulesOf } from '../src/entities/cohort-rules';

const COHORT = '0b6f1f8e-4a57-4c3e-9a39-2f1f0c5d7a11';
const ACTION = '6a0f3d2c-7e14-4b8e-8f52-1d9c4e2b3a77';

const nested: CohortRules = [
  {
    type: 'ALL',
    conditions: [{ property_: 'plan', operator: 'EQUAL', value: 'pro' }],
    rules: [
      {
        type: 'ANY',
        conditions: [
          { property_: 'country', operator: 'IN', value: 'FR,DE' },
          { property_: '', operator: 'IN_COHORT', value: COHORT },
        ],
        rules: [{ type: 'NONE', conditions: [{ property_: 'email', operator: 'IS_SET', value: '' }], rules: [] }],
      },
    ],
  },
  { type: 'ANY', conditions: [{ property_: '', operator: 'PERFORMED_ACTION', value: ACTION }], rules: [] },
];

describe('the cohort rule builder: groups and conditions ↔ the API’s rules', () => {
  it('reads nested ALL/ANY/NONE groups with several conditions and gives back the very same rules', () => {
    const groups = groupsOf(nested);
    expect(groups.map((group) => group.type)).toEqual(['ALL', 'ANY']);
    expect(groups[0].groups[0].conditions.map((condition) => condition.operator)).toEqual(['IN', 'IN_COHORT']);
    expect(groups[0].groups[0].groups[0].type).toBe('NONE');
    expect(rulesOf(groups)).toEqual(nested);
  });

  it('starts a new cohort and every added group as ALL of one empty condition', () => {
    expect(rulesOf([newGroup()])).toEqual([{ type: 'ALL', rules: [], conditions: [{ property_: '', operator: 'EQUAL', value: '' }] }]);
  });

  it('gives each group and condition its own key, so a row keeps its inputs while others are removed', () => {
    const keys = (groups: ReturnType<typeof groupsOf>): number[] => groups.flatMap((group) => [group.key, ...group.conditions.map((condition) => condition.key), ...keys(group.groups)]);
    const all = keys(groupsOf(nested));
    expect(new Set(all).size).toBe(all.length);
  });

  it('sends no value where the operator takes none, and no property where the value names a cohort or an action', () => {
    const [group] = groupsOf([{ type: 'ALL', rules: [], conditions: [{ property_: 'email', operator: 'IS_NOT_SET', value: '' }] }]);
    const condition = group.conditions[0];
    const typedFirst = { ...group, conditions: [{ ...condition, value: 'left over' }, { ...condition, key: -1, property: 'typed before', operator: 'IN_COHORT' as const, value: COHORT }] };
    expect(rulesOf([typedFirst])[0].conditions).toEqual([
      { property_: 'email', operator: 'IS_NOT_SET', value: '' },
      { property_: '', operator: 'IN_COHORT', value: COHORT },
    ]);
  });

  it('empties the value when the operator starts naming another kind of thing, and keeps it otherwise', () => {
    const [condition] = groupsOf([{ type: 'ALL', rules: [], conditions: [{ property_: 'age', operator: 'GREATER_THAN', value: '21' }] }])[0].conditions;
    expect(changedCondition(condition, { operator: 'LESS_THAN' }).value).toBe('21');
    const inCohort = changedCondition(condition, { operator: 'IN_COHORT' });
    expect(inCohort.value).toBe('');
    expect(changedCondition({ ...inCohort, value: COHORT }, { operator: 'PERFORMED_ACTION' }).value).toBe('');
    expect(changedCondition(condition, { value: '30' })).toEqual({ ...condition, value: '30' });
  });

  it('names each field as the API’s attr does, and stops nesting at the API’s depth', () => {
    expect(conditionAttr(childAttr('rules.0', 1), 2, 'value')).toBe('rules.0.rules.1.conditions.2.value');
    expect(mayNest(9)).toBe(true);
    expect(mayNest(10)).toBe(false);
  });

  it('words every operator of the one shared list', () => {
    expect(SEGMENT_OPERATORS.map((operator) => SEGMENT_OPERATOR_WORDS[operator]).every((words) => words.length > 0)).toBe(true);
    expect(new Set(Object.values(SEGMENT_OPERATOR_WORDS)).size).toBe(SEGMENT_OPERATORS.length);
  });
});
