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

/** The most a piece of text may be: UTF-16 code units, and (when given) UTF-8 bytes once JSON-escaped as a string. */
export interface PieceLimits {
  maxChars: number;
  /** Bytes of the piece as a JSON string: the rest of its message is left to the envelope. */
  maxBytes?: number;
}

/** A piece of text that travels in one NATS message (the server's max_payload, 1 MiB by default) inside a request or reply. */
export const MESSAGE_PIECE: Required<PieceLimits> = { maxBytes: 768 * 1024, maxChars: 512 * 1024 };

/**
 * A text cut into as few pieces as fit `limits`, which join back to it: the byte budget is measured rather than
 * assumed, so a text of escapes or non-ASCII gets smaller pieces; never inside a surrogate pair (Postgres would store
 * half of one as U+FFFD), so a piece holds at least one whole code point. The same text always gives the same pieces; an empty text is one empty piece.
 */
export function textPieces(text: string, limits: PieceLimits): string[] {
  const pieces: string[] = [];
  let start = 0;
  do {
    let size = Math.min(limits.maxChars, text.length - start);
    let piece = text.slice(start, start + cutAt(text, start, size));
    while (limits.maxBytes !== undefined && size > 1 && jsonBytes(piece) > limits.maxBytes) {
      size = Math.ceil(size / 2);
      piece = text.slice(start, start + cutAt(text, start, size));
    }
    pieces.push(piece);
    start += piece.length;
  } while (start < text.length);
  return pieces;
}

/** `size`, or one less when that would end between the two halves of a surrogate pair (one more when `size` is 1: a whole code point). */
function cutAt(text: string, start: number, size: number): number {
  if (start + size >= text.length) return size;
  const code = text.charCodeAt(start + size - 1);
  if (code < 0xd800 || code > 0xdbff) return size;
  return size > 1 ? size - 1 : size + 1;
}

/** UTF-8 length of `text` as a JSON string, without encoding it. */
function jsonBytes(text: string): number {
  // JSON.stringify escapes a lone surrogate, so every high surrogate left starts a pair.
  return utf8Length(JSON.stringify(text));
}

/** UTF-8 length of `text` without encoding it (browser-safe: no `Buffer`); a lone surrogate counts as U+FFFD. */
export function utf8Length(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) bytes += 1;
    else if (code < 0x800) bytes += 2;
    else if (code >= 0xd800 && code <= 0xdbff && isLowSurrogate(text.charCodeAt(i + 1))) {
      bytes += 4;
      i++;
    } else bytes += 3;
  }
  return bytes;
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}
