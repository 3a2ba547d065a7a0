import fc from 'fast-check';
import { compareCheckpoints, START } from './checkpoint';
import type { Checkpoint } from './types';

const checkpoint = fc.record({
  transactionId: fc.bigInt({ min: 0n, max: 2n ** 63n - 1n }).map(String),
  globalPosition: fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }),
});

describe('compareCheckpoints', () => {
  it('orders by transaction id first, beyond 2^53, then by global position', () => {
    const a: Checkpoint = { transactionId: '9007199254740993', globalPosition: 9 };
    const b: Checkpoint = { transactionId: '9007199254740994', globalPosition: 1 };

    expect(compareCheckpoints(a, b)).toBe(-1);
    expect(compareCheckpoints(b, a)).toBe(1);
    expect(compareCheckpoints(a, { ...a, globalPosition: 10 })).toBe(-1);
    expect(compareCheckpoints(a, { ...a })).toBe(0);
  });

  it('puts START before every stored event', () => {
    fc.assert(fc.property(checkpoint, (c) => compareCheckpoints(START, c) < 0));
  });

  it('sorts like (transaction id, global position) compared as numbers', () => {
    const key = (c: Checkpoint) => c.transactionId.padStart(20, '0') + String(c.globalPosition).padStart(16, '0');
    fc.assert(
      fc.property(fc.array(checkpoint), (list) => {
        const byCompare = [...list].sort(compareCheckpoints).map(key);
        const byKey = list.map(key).sort();
        return byCompare.join() === byKey.join();
      }),
    );
  });
});
