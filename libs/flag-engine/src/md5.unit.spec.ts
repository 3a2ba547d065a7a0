import { createHash } from 'node:crypto';
import { md5Modulo9999 } from './md5';

const expected = (text: string) => Number(BigInt(`0x${createHash('md5').update(text, 'utf8').digest('hex')}`) % 9999n);

describe('md5 modulo 9,999', () => {
  it.each([
    ['empty', ''],
    ['short', '78986,test_env_foobar'],
    ['55 bytes (one block)', 'x'.repeat(55)],
    ['56 bytes (two blocks)', 'x'.repeat(56)],
    ['64 bytes', 'y'.repeat(64)],
    ['long', 'segment-key,'.repeat(40)],
    ['non-ASCII', 'tamaño,サイズ,😀'],
  ])('matches node:crypto on %s text', (_, text) => {
    expect(md5Modulo9999(text)).toBe(expected(text));
  });

  it('matches node:crypto on many identities', () => {
    for (let i = 0; i < 2_000; i++) {
      const text = `flag-${i % 7},env_user-${i * 7919}`;
      expect(md5Modulo9999(text)).toBe(expected(text));
    }
  });
});

describe('md5 modulo 9,999 after a compiled prefix', () => {
  it('equals the hash of the joined text', () => {
    const prefix = new TextEncoder().encode('segment-ü,');
    for (const text of ['', 'user-1', 'ü'.repeat(40), 'x'.repeat(100)]) expect(md5Modulo9999(text, prefix)).toBe(expected(`segment-ü,${text}`));
  });
});
