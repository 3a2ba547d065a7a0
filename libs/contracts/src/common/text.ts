/**
 * Text Postgres can store: `text` and `jsonb` refuse the NUL character, and an unpaired UTF-16 surrogate (`"\ud800"`)
 * cannot be encoded as UTF-8. Anything that may end up in a column — a name, a label, an observed property key — is
 * refused where it enters when it is not storable, never left to fail a transaction later.
 */
export function isStorableText(text: string): boolean {
  return !UNSTORABLE.test(text);
}

/** NUL, or a surrogate code unit standing alone (with the `u` flag a well-formed pair is one code point, not `Cs`). */
const UNSTORABLE = /[\u0000\p{Cs}]/u;
