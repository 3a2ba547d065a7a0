import { evaluate, type EvaluationContext, type SegmentContext } from './index';

const cohort = (key: string, conditions: SegmentContext['rules'][number]['conditions'], type: 'ALL' | 'ANY' | 'NONE' = 'ALL'): SegmentContext => ({
  key,
  name: key,
  rules: [{ type, conditions }],
});

function segmentsOf(segments: SegmentContext[], traits: Record<string, string | number>): string[] {
  const context: EvaluationContext = {
    environment: { key: 'env', name: 'Production' },
    identity: { identifier: 'ada', traits },
    segments: Object.fromEntries(segments.map((segment) => [segment.key, segment])),
  };
  return evaluate(context).segments.map(({ name }) => name);
}

describe('IN_COHORT', () => {
  const premium = cohort('premium', [{ property: 'plan', operator: 'EQUAL', value: 'premium' }]);
  const premiumInFrance = cohort('premium-fr', [
    { property: 'country', operator: 'EQUAL', value: 'FR' },
    { property: '', operator: 'IN_COHORT', value: 'premium' },
  ]);

  it('is in the segment when the identity is in the named cohort', () => {
    expect(segmentsOf([premiumInFrance, premium], { plan: 'premium', country: 'FR' })).toEqual(['premium-fr', 'premium']);
  });

  it('is not when the identity is outside the named cohort', () => {
    expect(segmentsOf([premiumInFrance, premium], { plan: 'free', country: 'FR' })).toEqual([]);
  });

  it('follows cohorts of cohorts', () => {
    const vip = cohort('vip', [{ property: '', operator: 'IN_COHORT', value: 'premium-fr' }]);
    expect(segmentsOf([vip, premiumInFrance, premium], { plan: 'premium', country: 'FR' })).toEqual(['vip', 'premium-fr', 'premium']);
  });

  it('never matches a cohort the context does not hold', () => {
    expect(segmentsOf([cohort('orphan', [{ operator: 'IN_COHORT', value: 'gone' }])], { plan: 'premium' })).toEqual([]);
  });

  it('ends a cycle instead of hanging: the reference that closes it never matches', () => {
    const a = cohort('a', [{ operator: 'IN_COHORT', value: 'b' }, { property: 'plan', operator: 'EQUAL', value: 'premium' }], 'ANY');
    const b = cohort('b', [{ operator: 'IN_COHORT', value: 'a' }]);
    const self = cohort('self', [{ operator: 'IN_COHORT', value: 'self' }], 'NONE');
    expect(segmentsOf([a, b, self], { plan: 'premium' })).toEqual(['a', 'self']);
    expect(segmentsOf([a, b, self], { plan: 'free' })).toEqual(['self']);
  });
});

describe('PERFORMED_ACTION', () => {
  it('never matches: no behavioural data is on the evaluation path', () => {
    const signedUp = cohort('signed-up', [{ operator: 'PERFORMED_ACTION', value: 'signed up' }]);
    const notSignedUp = cohort('not-signed-up', [{ operator: 'PERFORMED_ACTION', value: 'signed up' }], 'NONE');
    expect(segmentsOf([signedUp, notSignedUp], { plan: 'premium' })).toEqual(['not-signed-up']);
  });
});
