/**
 * A large text cut into pieces that each travel in one NATS message (the server's max_payload, 1 MiB by default) once
 * JSON-escaped inside a request or reply: as few pieces as fit, measured rather than assumed, so a text of escapes or
 * non-ASCII gets smaller ones; never inside a surrogate pair (Postgres would store half of one as U+FFFD). The same
 * text always gives the same pieces.
 */

export interface PieceLimits {
  /** Bytes of a piece as a JSON string: the rest of a message is left to its envelope. */
  maxBytes: number;
  maxChars: number;
}

export const MESSAGE_PIECE: PieceLimits = { maxBytes: 768 * 1024, maxChars: 512 * 1024 };

export function messagePieces(text: string, limits: PieceLimits = MESSAGE_PIECE): string[] {
  const pieces: string[] = [];
  let start = 0;
  do {
    let size = Math.min(limits.maxChars, text.length - start);
    let piece = text.slice(start, start + cutAt(text, start, size));
    while (piece.length > 1 && Buffer.byteLength(JSON.stringify(piece)) > limits.maxBytes) {
      size = Math.ceil(size / 2);
      piece = text.slice(start, start + cutAt(text, start, size));
    }
    pieces.push(piece);
    start += piece.length;
  } while (start < text.length);
  return pieces;
}

/** `size`, or one less when that would end between the two halves of a surrogate pair. */
function cutAt(text: string, start: number, size: number): number {
  if (start + size >= text.length || size < 2) return size;
  const code = text.charCodeAt(start + size - 1);
  return code >= 0xd800 && code <= 0xdbff ? size - 1 : size;
}
