/**
 * MD5 (RFC 1321) of a string's UTF-8 bytes, reduced modulo 9,999 as Flagsmith reads the digest (a 128-bit
 * big-endian number). Written here because `node:crypto` costs ~6 µs a call on short strings (a native round
 * trip and a Buffer), the engine's largest cost; this runs in reused buffers and allocates nothing for ASCII.
 */

const INITIAL = [0x67452301, 0xefcdab89 | 0, 0x98badcfe | 0, 0x10325476];
const SHIFTS = [7, 12, 17, 22, 5, 9, 14, 20, 4, 11, 16, 23, 6, 10, 15, 21];
const CONSTANTS = Int32Array.from({ length: 64 }, (_, i) => Math.floor(Math.abs(Math.sin(i + 1)) * 2 ** 32) | 0);
const words = new Int32Array(16);
const state = new Int32Array(4);
const encoder = new TextEncoder();
const EMPTY = new Uint8Array(0);
let bytes = new Uint8Array(256);

/** MD5 of `prefix` (already UTF-8, e.g. a compiled hash seed) then `text`, modulo 9,999. */
export function md5Modulo9999(text: string, prefix: Uint8Array = EMPTY): number {
  const length = encode(text, prefix);
  const padded = (((length + 8) >> 6) + 1) << 6;
  bytes.fill(0, length, padded);
  bytes[length] = 0x80;
  const bits = length * 8;
  for (let k = 0; k < 4; k++) bytes[padded - 8 + k] = (bits >>> (8 * k)) & 0xff;
  bytes[padded - 4] = Math.floor(bits / 2 ** 32) & 0xff;
  state.set(INITIAL);
  for (let offset = 0; offset < padded; offset += 64) digestBlock(offset);
  let remainder = 0;
  for (let w = 0; w < 4; w++) {
    for (let k = 0; k < 4; k++) remainder = (remainder * 256 + ((state[w] >>> (8 * k)) & 0xff)) % 9999;
  }
  return remainder;
}

/** The UTF-8 bytes of a string, for `md5Modulo9999`'s prefix. */
export function utf8(text: string): Uint8Array {
  return encoder.encode(text);
}

/** `prefix` then the UTF-8 bytes of `text` into `bytes` (grown for long text, with room for the padding); returns their count. */
function encode(text: string, prefix: Uint8Array): number {
  const start = prefix.length;
  if (bytes.length < start + text.length * 3 + 72) bytes = new Uint8Array(start + text.length * 3 + 72);
  bytes.set(prefix);
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code >= 0x80) return start + encoder.encodeInto(text, bytes.subarray(start)).written;
    bytes[start + i] = code;
  }
  return start + text.length;
}

function digestBlock(offset: number): void {
  for (let j = 0; j < 16; j++) {
    const at = offset + j * 4;
    words[j] = bytes[at] | (bytes[at + 1] << 8) | (bytes[at + 2] << 16) | (bytes[at + 3] << 24);
  }
  let a = state[0];
  let b = state[1];
  let c = state[2];
  let d = state[3];
  // The four rounds of sixteen steps, one loop each: no branch per step.
  for (let i = 0; i < 16; i++) {
    const next = rotated(a + ((b & c) | (~b & d)) + CONSTANTS[i] + words[i], SHIFTS[i & 3]);
    a = d;
    d = c;
    c = b;
    b = (b + next) | 0;
  }
  for (let i = 16; i < 32; i++) {
    const next = rotated(a + ((d & b) | (~d & c)) + CONSTANTS[i] + words[(5 * i + 1) & 15], SHIFTS[4 + (i & 3)]);
    a = d;
    d = c;
    c = b;
    b = (b + next) | 0;
  }
  for (let i = 32; i < 48; i++) {
    const next = rotated(a + (b ^ c ^ d) + CONSTANTS[i] + words[(3 * i + 5) & 15], SHIFTS[8 + (i & 3)]);
    a = d;
    d = c;
    c = b;
    b = (b + next) | 0;
  }
  for (let i = 48; i < 64; i++) {
    const next = rotated(a + (c ^ (b | ~d)) + CONSTANTS[i] + words[(7 * i) & 15], SHIFTS[12 + (i & 3)]);
    a = d;
    d = c;
    c = b;
    b = (b + next) | 0;
  }
  state[0] += a;
  state[1] += b;
  state[2] += c;
  state[3] += d;
}

function rotated(value: number, shift: number): number {
  const sum = value | 0;
  return (sum << shift) | (sum >>> (32 - shift));
}
