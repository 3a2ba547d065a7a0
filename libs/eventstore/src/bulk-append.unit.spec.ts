import { piecesOf } from './bulk-append';
import type { StreamAppend } from './types';

const streams = (...sizes: number[]): StreamAppend[] =>
  sizes.map((size, i) => ({ streamId: `s-${i}`, expectedVersion: 'no_stream', events: Array.from({ length: size }, () => ({ type: 'E', data: null })) }));

describe('piecesOf: the bulk append inserts consecutive streams a piece at a time', () => {
  it('fills each piece up to the budget, never splitting a stream', () => {
    expect([...piecesOf(streams(2, 2, 2, 2, 2), 4)]).toEqual([[0, 2], [2, 4], [4, 5]]);
    expect([...piecesOf(streams(3, 2, 1), 4)]).toEqual([[0, 1], [1, 3]]);
  });

  it('gives a stream larger than the budget a piece of its own, and streams with no events ride along', () => {
    expect([...piecesOf(streams(1, 9, 0, 1), 4)]).toEqual([[0, 1], [1, 2], [2, 4]]);
    expect([...piecesOf(streams(), 4)]).toEqual([]);
  });
});
