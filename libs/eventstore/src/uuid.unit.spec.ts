import fc from 'fast-check';
import { uuidv7, uuidv7Time } from './uuid';

const V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('uuidv7', () => {
  it('is an RFC 9562 version 7 id carrying the creation millisecond', () => {
    const now = Date.now();
    const id = uuidv7(now);

    expect(id).toMatch(V7);
    expect(uuidv7Time(id)).toBe(now);
  });

  it('sorts in creation order, also many times within one millisecond', () => {
    const ids = Array.from({ length: 10_000 }, () => uuidv7());

    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('stays ordered when the clock steps back', () => {
    const later = uuidv7(Date.now() + 60_000);
    const afterStepBack = uuidv7(Date.now());

    expect(afterStepBack > later).toBe(true);
    expect(afterStepBack).toMatch(V7);
  });

  it('encodes any 48-bit timestamp', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2 ** 47, max: 2 ** 48 - 1 }), (ms) => {
        const id = uuidv7(ms);
        return V7.test(id) && uuidv7Time(id) >= ms;
      }),
    );
  });
});
