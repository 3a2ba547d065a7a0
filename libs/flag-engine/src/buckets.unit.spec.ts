import { compileEnvironment, hashedPercentage, type FeatureContext, type VariantContext } from './index';

const identifiers = Array.from({ length: 2_000 }, (_, i) => `user-${i}`);

function valuesFor(variants: VariantContext[]): Map<string, unknown> {
  const feature: FeatureContext = { key: 'flag-seed', name: 'checkout', enabled: true, value: 'control', variants };
  const environment = compileEnvironment({ environment: { key: 'env', name: 'Production' }, features: { checkout: feature } });
  return new Map(identifiers.map((identifier) => [identifier, environment.evaluate({ identifier, key: identifier }).flags.checkout.value]));
}

describe('stable buckets', () => {
  it('hashes md5 of the ids joined by commas into [0, 100), as Flagsmith does', () => {
    expect(hashedPercentage(['78986', 'test_env_foobar'])).toBeCloseTo(54.53, 2);
  });

  it('keeps a user in their variant when weights change, unless their bucket leaves its range', () => {
    const before = valuesFor([
      { value: 'a', weight: 20, priority: 1 },
      { value: 'b', weight: 30, priority: 2 },
    ]);
    const after = valuesFor([
      { value: 'a', weight: 20, priority: 1 },
      { value: 'b', weight: 50, priority: 2 },
    ]);
    const bucket = (identifier: string) => hashedPercentage(['flag-seed', identifier]);
    for (const identifier of identifiers) {
      const b = bucket(identifier);
      if (b < 50) expect(after.get(identifier)).toBe(before.get(identifier));
      else if (b < 70) expect([before.get(identifier), after.get(identifier)]).toEqual(['control', 'b']);
      else expect(after.get(identifier)).toBe('control');
    }
    const moved = identifiers.filter((identifier) => before.get(identifier) !== after.get(identifier)).length;
    expect(moved / identifiers.length).toBeGreaterThan(0.15);
    expect(moved / identifiers.length).toBeLessThan(0.25);
  });

  it('lays variants out by priority, not by their order in the list', () => {
    const listed = valuesFor([
      { value: 'b', weight: 50, priority: 2 },
      { value: 'a', weight: 50, priority: 1 },
    ]);
    const sorted = valuesFor([
      { value: 'a', weight: 50, priority: 1 },
      { value: 'b', weight: 50, priority: 2 },
    ]);
    expect(listed).toEqual(sorted);
  });

  it('gives an identity the same answer in every evaluation and every compiled copy', () => {
    const variants = [{ value: 'a', weight: 33, priority: 1 }, { value: 'b', weight: 33, priority: 2 }];
    expect(valuesFor(variants)).toEqual(valuesFor(variants));
  });
});
