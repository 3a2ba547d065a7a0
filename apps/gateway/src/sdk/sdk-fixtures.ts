/** What the SDK specs set up alike. */

/** A cohort with nested rules: (plan is pro or enterprise) and age ≥ 18. */
export const PAYING_ADULTS = {
  name: 'Paying adults',
  is_project_wide: true,
  rules: [
    {
      type: 'ALL',
      rules: [
        { type: 'ANY', conditions: [{ property_: 'plan', operator: 'EQUAL', value: 'pro' }, { property_: 'plan', operator: 'EQUAL', value: 'enterprise' }] },
        { type: 'ALL', conditions: [{ property_: 'age', operator: 'GREATER_THAN_INCLUSIVE', value: '18' }] },
      ],
    },
  ],
};
