import { md5Modulo9999, utf8 } from './md5';

/**
 * Flagsmith's bucket of a list of ids: md5 of the ids joined by ',', as a big number modulo 9,999, scaled to
 * [0, 100). The rare 100 is hashed again with the list repeated.
 */
export function hashedPercentage(ids: readonly string[]): number {
  const joined = ids.join(',');
  for (let text = joined; ; text = `${text},${joined}`) {
    const remainder = md5Modulo9999(text);
    if (remainder !== 9998) return (remainder / 9998) * 100;
  }
}

/** A first id compiled for `hashedPercentageAfter`: its UTF-8 bytes and the comma. */
export interface HashSeed {
  id: string;
  bytes: Uint8Array;
}

export function hashSeed(id: string): HashSeed {
  return { id, bytes: utf8(`${id},`) };
}

/** The bucket of `[seed, id]` without joining strings or encoding the seed again. */
export function hashedPercentageAfter(seed: HashSeed, id: string): number {
  const remainder = md5Modulo9999(id, seed.bytes);
  return remainder === 9998 ? hashedPercentage([seed.id, id]) : (remainder / 9998) * 100;
}
