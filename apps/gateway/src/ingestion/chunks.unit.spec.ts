import fc from 'fast-check';
import { reassemble, splitBySize } from './chunks';

describe('splitting a resolve batch into NATS-sized chunks', () => {
  it('keeps every chunk within the budget and every event in its place', () => {
    fc.assert(
      fc.property(fc.array(fc.record({ event: fc.string({ maxLength: 60 }), n: fc.integer() }), { maxLength: 200 }), fc.integer({ min: 80, max: 2_000 }), (events, budget) => {
        const { chunks, oversized } = splitBySize(events, budget);
        for (const chunk of chunks) expect(Buffer.byteLength(JSON.stringify(chunk.events))).toBeLessThanOrEqual(budget + 1);
        const answers = chunks.map((chunk) => chunk.events);
        const back = reassemble(events.length, chunks, answers, 'too large' as unknown);
        oversized.forEach((position) => expect(back[position]).toBe('too large'));
        events.forEach((event, position) => oversized.includes(position) || expect(back[position]).toBe(event));
      }),
    );
  });

  it('answers an event larger than a message on its own, and an empty batch with one empty chunk', () => {
    const huge = { event: 'x'.repeat(500) };
    const { chunks, oversized } = splitBySize([{ event: 'a' }, huge, { event: 'b' }], 100);

    expect(oversized).toEqual([1]);
    expect(chunks.flatMap((chunk) => chunk.positions)).toEqual([0, 2]);
    expect(splitBySize([], 100).chunks).toEqual([{ events: [], positions: [] }]);
  });
});
