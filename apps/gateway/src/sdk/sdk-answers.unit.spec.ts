import type { flags } from '@strata/contracts';
import { FlagsmithJson, flagsmithFlags, flagsmithIdentity } from './sdk-answers';

type Answered = Extract<flags.EvaluateResponse, { ok: true }>;

const flag = (n: number, enabled: boolean, value: flags.FlagValue, multivariate = false): flags.EvaluatedFlag => ({
  id: `0190f0a0-0000-7000-8000-00000000000${n}`,
  number: 1_000 + n,
  key: `flag "${n}" ünïcode`,
  enabled,
  value,
  reason: 'DEFAULT',
  variant: null,
  multivariate,
});

const answer: Answered = {
  ok: true,
  environment: { id: 42, projectId: 7 },
  flags: [flag(1, true, 'a "quoted"\nvalue'), flag(2, false, 3), flag(3, true, null, true), flag(4, true, false), flag(5, true, 1.5)],
  traits: { plan: 'pro', age: 21, beta: true, gone: null },
};

describe('FlagsmithJson (the bytes of the Flagsmith answers, written from what an environment shares)', () => {
  it('writes the same bytes as JSON.stringify of the answers it stands for', () => {
    const json = new FlagsmithJson(42);

    expect(json.flags(answer).toString()).toBe(JSON.stringify(flagsmithFlags(answer)));
    expect(json.identity('user "1"', answer).toString()).toBe(JSON.stringify(flagsmithIdentity('user "1"', answer)));
  });

  it('answers alike when asked again, and for no flags and no traits', () => {
    const json = new FlagsmithJson(42);
    json.flags(answer);
    const empty: Answered = { ...answer, flags: [], traits: {} };

    expect(json.identity('u', answer).toString()).toBe(JSON.stringify(flagsmithIdentity('u', answer)));
    expect(json.identity('u', empty).toString()).toBe(JSON.stringify(flagsmithIdentity('u', empty)));
    expect(json.flags(empty).toString()).toBe('[]');
  });
});
