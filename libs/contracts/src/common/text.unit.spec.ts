import { isStorableText, MESSAGE_PIECE, textPieces, utf8Length } from './text';

describe('isStorableText', () => {
  it('accepts any well-formed text, emoji (a surrogate pair) included', () => {
    expect(['', 'signed_up', '$pageview', 'Zürich', '😀', 'a\tb\nc'].every(isStorableText)).toBe(true);
  });

  it('refuses what Postgres cannot store: NUL and lone surrogates', () => {
    expect(['a\u0000b', '\ud800', 'x\udc00', '\ude00\ud83d'].some(isStorableText)).toBe(false);
  });
});

describe('textPieces', () => {
  const utf8 = (text: string): number => new TextEncoder().encode(text).length;

  it('cuts a text in pieces that join back to it, each within the byte budget once escaped and within the characters', () => {
    const text = JSON.stringify({ names: Array.from({ length: 300 }, (_, index) => `"quoted" ü 😀 ${index}`) });
    const pieces = textPieces(text, { maxBytes: 400, maxChars: 300 });

    expect(pieces.join('')).toBe(text);
    expect(pieces.length).toBeGreaterThan(1);
    for (const piece of pieces) {
      expect(utf8(JSON.stringify(piece))).toBeLessThanOrEqual(400);
      expect(piece.length).toBeLessThanOrEqual(300);
    }
    expect(textPieces(text, { maxBytes: 400, maxChars: 300 })).toEqual(pieces);
  });

  it('fills each piece to the character budget when no byte budget is given', () => {
    const text = 'x'.repeat(25);

    expect(textPieces(text, { maxChars: 10 }).map((piece) => piece.length)).toEqual([10, 10, 5]);
  });

  it('never ends a piece between the halves of a surrogate pair, and makes an empty text one empty piece', () => {
    const text = '😀'.repeat(50);

    for (const limits of [{ maxChars: 7 }, { maxChars: 7, maxBytes: 1_000 }, { maxChars: 100, maxBytes: 30 }, { maxChars: 1 }, { maxChars: 9, maxBytes: 1 }]) {
      const pieces = textPieces(text, limits);
      expect(pieces.join('')).toBe(text);
      for (const piece of pieces) expect(isStorableText(piece) && piece.length > 0).toBe(true);
    }
    expect(textPieces('', { maxChars: 10 })).toEqual(['']);
    expect(textPieces('', MESSAGE_PIECE)).toEqual(['']);
  });

  it('measures the budget as UTF-8 does: escapes, two-, three- and four-byte characters', () => {
    const text = '\u0001"\\é€😀'.repeat(40);
    for (const maxBytes of [16, 50, 200]) {
      for (const piece of textPieces(text, { maxChars: 1_000, maxBytes })) expect(utf8(JSON.stringify(piece))).toBeLessThanOrEqual(maxBytes);
    }
  });
});

describe('utf8Length', () => {
  it('counts the bytes TextEncoder writes, lone surrogates as U+FFFD', () => {
    const texts = ['', 'signed_up', 'Zürich', '€', '😀 and 🇨🇭', '\ud800', 'x\udc00y', '\ude00\ud83d', '\ud83d'];
    expect(texts.map(utf8Length)).toEqual(texts.map((text) => new TextEncoder().encode(text).length));
  });
});
