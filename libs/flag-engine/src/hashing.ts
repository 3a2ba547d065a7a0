import { hash } from 'node:crypto';

/**
 * Flagsmith's bucket of a list of ids: md5 of the ids joined by ',', as a big number modulo 9,999, scaled to
 * [0, 100). The rare 100 is hashed again with the list repeated. Reduced byte by byte: no BigInt per call.
 */
export function hashedPercentage(ids: readonly string[]): number {
  const joined = ids.join(',');
  for (let text = joined; ; text = `${text},${joined}`) {
    const remainder = md5Modulo9999(text);
    if (remainder !== 9998) return (remainder / 9998) * 100;
  }
}

/** The bucket of `prefix + id`, where `prefix` is the first id and its comma (precomputed by the compiled engine). */
export function hashedPercentageAfter(prefix: string, id: string): number {
  const remainder = md5Modulo9999(prefix + id);
  return remainder === 9998 ? hashedPercentage([prefix.slice(0, -1), id]) : (remainder / 9998) * 100;
}

function md5Modulo9999(text: string): number {
  const digest = hash('md5', text, 'buffer');
  let remainder = 0;
  for (let i = 0; i < digest.length; i++) remainder = (remainder * 256 + digest[i]) % 9999;
  return remainder;
}
