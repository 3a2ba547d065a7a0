import { decodeCursor, encodeCursor, itemText, withinBudget } from './cursor';

describe('export pages', () => {
  it('round-trips a cursor and refuses one the export did not make (400 naming after)', () => {
    const cursor = { phase: 'identities' as const, after: { flag: '0190a3c4-0000-7000-8000-000000000000', identifier: 'a/b ü' } };
    expect(decodeCursor(encodeCursor(cursor))).toEqual(cursor);
    expect(decodeCursor(undefined)).toBeNull();
    expect(() => decodeCursor('not-a-cursor')).toThrow(expect.objectContaining({ status: 400, attr: 'after' }));
  });

  it('stops a page at its byte budget, yet always takes one item so the export advances', () => {
    const items = Array.from({ length: 10 }, (_, index) => itemText({ index, text: 'x'.repeat(100) }));
    const bytes = (item: { bytes: number }) => item.bytes;
    expect(withinBudget(items, bytes, 350)).toEqual({ taken: items.slice(0, 2), cut: true });
    expect(withinBudget(items, bytes, 10)).toEqual({ taken: items.slice(0, 1), cut: true });
    expect(withinBudget(items.slice(0, 2), bytes, 10_000)).toEqual({ taken: items.slice(0, 2), cut: false });
    // Bytes, not characters: a NATS message's limit is in bytes, and 'ü' is two of them.
    const wide = Array.from({ length: 3 }, () => itemText({ text: 'ü'.repeat(100) }));
    expect(wide[0]).toEqual({ text: JSON.stringify({ text: 'ü'.repeat(100) }), bytes: 211 });
    expect(withinBudget(wide, bytes, 450)).toEqual({ taken: wide.slice(0, 2), cut: true });
  });
});
