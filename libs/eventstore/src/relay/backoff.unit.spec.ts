import fc from 'fast-check';
import { backoffDelay } from './backoff';

describe('backoffDelay', () => {
  const options = { initialMs: 100, maxMs: 5_000 };

  it('doubles from the initial delay and stops at the cap', () => {
    const top = (attempt: number) => backoffDelay(attempt, options, () => 1);

    expect([1, 2, 3, 4, 5, 6, 7, 100].map(top)).toEqual([100, 200, 400, 800, 1600, 3200, 5000, 5000]);
  });

  it('jitters within the upper half of the ceiling', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1_000 }), fc.double({ min: 0, max: 1, noNaN: true }), (attempt, r) => {
        const ceiling = Math.min(5_000, 100 * 2 ** Math.min(attempt - 1, 30));
        const delay = backoffDelay(attempt, options, () => r);
        return delay >= Math.floor(ceiling / 2) && delay <= ceiling;
      }),
    );
  });
});
