import { exportFormat } from '@strata/contracts';
import { planImport } from '@strata/rules';
import { jsonFits, planReply } from './plan-reply';

const step = (index: number): exportFormat.StateStep => ({ action: 'create', environment: { id: 1 }, environment_name: 'Production', feature: { index }, feature_name: `feature-${index}`, state: index });

describe('the plan in an import reply', () => {
  const plan = planImport({ version: 1, exported_at: '2026-01-01T00:00:00Z', tags: [], segments: [], features: [], environments: [] }, { tags: [], cohorts: [], flags: [], environments: [], states: [] }, { strategy: 'SKIP', includeIdentityOverrides: false });

  it('is whole while it fits', () => {
    expect(planReply(plan)).toEqual({ plan, result_summary: plan.result_summary });
  });

  it('leaves out the per-state steps first, and says how many', () => {
    const large = { ...plan, feature_states: Array.from({ length: 1_000 }, (_, index) => step(index)) };
    const reply = planReply(large, 10_000);
    expect(reply.omitted).toEqual({ feature_states: 1_000 });
    expect(reply.plan.feature_states).toEqual([]);
    expect(JSON.stringify(reply).length).toBeLessThanOrEqual(10_000);
  });
});

describe('the size of a reply, counted without serialising it', () => {
  it('is JSON.stringify’s length, to the character', () => {
    const values: unknown[] = [{ a: [1, 'two', null, { b: undefined, c: true }], 'd"e': -0.5, f: [] }, [], {}, 'é\n"', [undefined, 3]];
    for (const value of values) {
      const length = JSON.stringify(value).length;
      expect([jsonFits(value, length), jsonFits(value, length - 1)]).toEqual([true, false]);
    }
  });
});
