import { isStorableText } from './text';

describe('isStorableText', () => {
  it('accepts any well-formed text, emoji (a surrogate pair) included', () => {
    expect(['', 'signed_up', '$pageview', 'Zürich', '😀', 'a\tb\nc'].every(isStorableText)).toBe(true);
  });

  it('refuses what Postgres cannot store: NUL and lone surrogates', () => {
    expect(['a\u0000b', '\ud800', 'x\udc00', '\ude00\ud83d'].some(isStorableText)).toBe(false);
  });
});
