import { randomFillSync } from 'node:crypto';

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));
const POOL_IDS = 512;
const BYTES_PER_ID = 10;
const COUNTER_MAX = 0xfff;

// Random bytes are drawn in bulk: one syscall per 512 ids keeps id generation off the append profile.
const pool = Buffer.alloc(POOL_IDS * BYTES_PER_ID);
let poolOffset = pool.length;
let lastMs = -1;
let counter = 0;

function randomBytes(): number {
  if (poolOffset + BYTES_PER_ID > pool.length) {
    randomFillSync(pool);
    poolOffset = 0;
  }
  const start = poolOffset;
  poolOffset += BYTES_PER_ID;
  return start;
}

/**
 * A time-ordered UUID (RFC 9562 version 7). The 12 `rand_a` bits are a counter seeded randomly each millisecond
 * (method 1 of §6.2), so ids made by one process sort in creation order even within a millisecond or when the clock
 * steps back; index inserts on them stay append-only.
 */
export function uuidv7(now: number = Date.now()): string {
  const offset = randomBytes();
  if (now > lastMs) {
    lastMs = now;
    counter = pool.readUInt16BE(offset) & 0x7ff;
  } else if (++counter > COUNTER_MAX) {
    lastMs += 1;
    counter = pool.readUInt16BE(offset) & 0x7ff;
  }
  return format(lastMs, counter, offset + 2);
}

function format(ms: number, seq: number, randomAt: number): string {
  const high = Math.floor(ms / 0x10000);
  const low = ms % 0x10000;
  const b = pool;
  return (
    hex32(high) +
    '-' +
    HEX[low >>> 8] + HEX[low & 0xff] +
    '-' +
    HEX[0x70 | (seq >>> 8)] + HEX[seq & 0xff] +
    '-' +
    HEX[0x80 | (b[randomAt] & 0x3f)] + HEX[b[randomAt + 1]] +
    '-' +
    HEX[b[randomAt + 2]] + HEX[b[randomAt + 3]] + HEX[b[randomAt + 4]] + HEX[b[randomAt + 5]] + HEX[b[randomAt + 6]] + HEX[b[randomAt + 7]]
  );
}

function hex32(value: number): string {
  return HEX[(value >>> 24) & 0xff] + HEX[(value >>> 16) & 0xff] + HEX[(value >>> 8) & 0xff] + HEX[value & 0xff];
}

/** The millisecond timestamp a v7 id carries. */
export function uuidv7Time(id: string): number {
  return parseInt(id.slice(0, 8) + id.slice(9, 13), 16);
}
