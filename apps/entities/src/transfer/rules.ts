import type { entities } from '@strata/contracts';

/**
 * A cohort's rules with their IN_COHORT and PERFORMED_ACTION values rewritten: ids to names on the way out (the file
 * never carries ids, SPEC §6), names to ids on the way in. Other conditions are kept as they are.
 */
export function renamedReferences(rules: readonly entities.SegmentRule[], rename: (operator: 'IN_COHORT' | 'PERFORMED_ACTION', value: string) => string): entities.SegmentRule[] {
  return rules.map((rule) => ({
    type: rule.type,
    rules: renamedReferences(rule.rules, rename),
    conditions: rule.conditions.map((condition) =>
      condition.operator === 'IN_COHORT' || condition.operator === 'PERFORMED_ACTION' ? { ...condition, value: rename(condition.operator, condition.value) } : condition,
    ),
  }));
}
