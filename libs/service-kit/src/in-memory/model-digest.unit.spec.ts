import { modelDigest } from './model-digest';

describe('modelDigest', () => {
  it('is the same for equal content built in another order', () => {
    const one = { b: new Map([[2, { y: 1, x: [1, 2] }], [1, { x: [3], y: 2 }]]), a: new Set(['q', 'p']) };
    const other = { a: new Set(['p', 'q']), b: new Map([[1, { y: 2, x: [3] }], [2, { x: [1, 2], y: 1 }]]) };
    expect(modelDigest(one)).toBe(modelDigest(other));
  });

  it('differs when content or the order of an array differs', () => {
    const base = modelDigest({ a: new Map([[1, [1, 2]]]) });
    expect(modelDigest({ a: new Map([[1, [2, 1]]]) })).not.toBe(base);
    expect(modelDigest({ a: new Map([[2, [1, 2]]]) })).not.toBe(base);
    expect(modelDigest({ a: new Map([[1, [1, 2]]]), b: 0 })).not.toBe(base);
  });
});
