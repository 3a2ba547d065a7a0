import fc from 'fast-check';
import { reassemble, splitBySize } from './chunks';

describe('splitting a resolve batch into NATS-sized chunks', () => {
  it('keeps every chunk within the budget and every event in its place', () => {
    fc.assert(
      fc.property(fc.array(fc.record({ event: fc.string({ maxLength: 60 }), n: fc.integer() }), { maxLength: 200 }), fc.integer({ min: 80, max: 2_000 }), (events, budget) => {
        const answered = new Map<number, unknown>();
        const chunks = splitBySize<unknown>(events, budget, answered, 'too large');
        for (const chunk of chunks) expect(Buffer.byteLength(JSON.stringify(chunk.events))).toBeLessThanOrEqual(budget + 1);
        const back = reassemble(events.length, chunks, chunks.map((chunk) => chunk.events), answered);
        events.forEach((event, position) => expect(back[position]).toBe(answered.has(position) ? 'too large' : event));
      }),
    );
  });

  it('answers an event larger than a message on its own, keeps what the edge answered, and sends nothing for an empty batch', () => {
    const huge = { event: 'x'.repeat(500) };
    const answered = new Map([[3, 'refused at the edge']]);
    const chunks = splitBySize([{ event: 'a' }, huge, { event: 'b' }, { event: 'c' }], 100, answered, 'too large');

    expect(chunks.flatMap((chunk) => chunk.positions)).toEqual([0, 2]);
    expect(reassemble(4, chunks, chunks.map((chunk) => chunk.events), answered)).toEqual([{ event: 'a' }, 'too large', { event: 'b' }, 'refused at the edge']);
    expect(splitBySize([], 100, new Map(), 'too large')).toEqual([]);
  });
});
