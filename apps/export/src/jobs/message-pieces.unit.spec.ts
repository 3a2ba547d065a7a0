import { messagePieces } from './message-pieces';

describe('a text in message-sized pieces', () => {
  it('cuts the text in pieces that join back to it, each within a message once escaped', () => {
    const text = JSON.stringify({ names: Array.from({ length: 300 }, (_, index) => `"quoted" ü ${index}`) });
    const pieces = messagePieces(text, { maxBytes: 400, maxChars: 300 });
    expect(pieces.join('')).toBe(text);
    expect(pieces.length).toBeGreaterThan(1);
    for (const piece of pieces) expect(Buffer.byteLength(JSON.stringify(piece))).toBeLessThanOrEqual(400);
    expect(messagePieces(text, { maxBytes: 400, maxChars: 300 })).toEqual(pieces);
  });

  it('never ends a piece between the halves of a surrogate pair, and stages an empty text as one piece', () => {
    const text = '😀'.repeat(50);
    for (const piece of messagePieces(text, { maxBytes: 1_000, maxChars: 7 })) expect(piece).toBe('😀'.repeat(piece.length / 2));
    expect(messagePieces('')).toEqual(['']);
  });
});
