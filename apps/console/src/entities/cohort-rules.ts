import {
  type CohortRules,
  MAX_RULE_DEPTH,
  referencedKindOf,
  type SegmentCondition,
  type SegmentOperator,
  type SegmentRule,
  type SegmentRuleType,
  takesValue,
} from '@strata/contracts/entities';

/**
 * A cohort's rules as the rule builder edits them: the API's own tree (SPEC §4.4's `rules`), each group and condition
 * with a key of its own so a row keeps its inputs while others come and go. `rulesOf(groupsOf(rules))` is `rules`.
 */
export interface ConditionDraft {
  key: number;
  property: string;
  operator: SegmentOperator;
  value: string;
}

export interface GroupDraft {
  key: number;
  type: SegmentRuleType;
  conditions: ConditionDraft[];
  groups: GroupDraft[];
}

let lastKey = 0;
const nextKey = () => ++lastKey;

export const newCondition = (): ConditionDraft => ({ key: nextKey(), property: '', operator: 'EQUAL', value: '' });

/** A new group: ALL of one empty condition, the start of a cohort and of every group added. */
export const newGroup = (): GroupDraft => ({ key: nextKey(), type: 'ALL', conditions: [newCondition()], groups: [] });

export function groupsOf(rules: readonly SegmentRule[] | undefined): GroupDraft[] {
  return (rules ?? []).map((rule) => ({
    key: nextKey(),
    type: rule.type,
    conditions: rule.conditions.map((condition) => ({ key: nextKey(), property: condition.property_, operator: condition.operator, value: condition.value })),
    groups: groupsOf(rule.rules),
  }));
}

/** The API's `rules` of the groups; a value that means nothing for its operator (IS_SET) is sent as ''. */
export function rulesOf(groups: readonly GroupDraft[]): CohortRules {
  return groups.map((group) => ({ type: group.type, rules: rulesOf(group.groups), conditions: group.conditions.map(conditionOf) }));
}

function conditionOf({ property, operator, value }: ConditionDraft): SegmentCondition {
  return { property_: referencedKindOf(operator) ? '' : property, operator, value: takesValue(operator) ? value : '' };
}

/** A group may hold groups until the API's depth (a top-level group is depth 1). */
export const mayNest = (depth: number): boolean => depth < MAX_RULE_DEPTH;

export const replaceAt = <T>(list: readonly T[], at: number, item: T): T[] => list.map((old, index) => (index === at ? item : old));
export const removeAt = <T>(list: readonly T[], at: number): T[] => list.filter((_, index) => index !== at);

/**
 * A condition changed: a new operator that names another kind of thing (a cohort, an action, or none) starts from an
 * empty value, since the old one cannot mean anything to it.
 */
export function changedCondition(condition: ConditionDraft, change: Partial<Omit<ConditionDraft, 'key'>>): ConditionDraft {
  const next = { ...condition, ...change };
  return change.operator !== undefined && referencedKindOf(change.operator) !== referencedKindOf(condition.operator) ? { ...next, value: '' } : next;
}

/** `rules.0.rules.1` → the attr of a group's condition field as the API names it (`rules.0.rules.1.conditions.2.value`). */
export const conditionAttr = (groupAttr: string, at: number, field?: 'property_' | 'operator' | 'value'): string => `${groupAttr}.conditions.${at}${field ? `.${field}` : ''}`;
export const childAttr = (groupAttr: string, at: number): string => `${groupAttr}.rules.${at}`;
