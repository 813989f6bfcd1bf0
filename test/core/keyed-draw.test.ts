import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { KeyedDraws, drawKey } from '../../src/core/keyed-draw.ts';
import { Md5Word } from '../../src/core/md5-word.ts';

/** One draw through KeyedDraws, as a run makes it for a trace of one request. */
const keyedUniform = (key: string, id: string, k: number): number => new KeyedDraws(key, [id]).uniform(0, k);

/** The definition the SQL engines reproduce: the first 8 hex digits of md5('<key>:<k>:<id>') over 2^32. */
const reference = (key: string, id: string, k: number): number =>
  Number.parseInt(createHash('md5').update(`${key}:${k}:${id}`, 'utf8').digest('hex').slice(0, 8), 16) / 2 ** 32;

describe('Md5Word', () => {
  it('gives the first 32 bits of node:crypto MD5 for messages across block boundaries', () => {
    const md5 = new Md5Word();
    // 55/56 bytes: the last length that pads into one block and the first that needs two; 119/120 likewise.
    for (const n of [0, 1, 3, 55, 56, 57, 63, 64, 65, 119, 120, 200, 1000]) {
      const bytes = Uint8Array.from({ length: n }, (_, i) => (i * 37 + n) & 0xff);
      md5.reserve(n);
      md5.bytes.set(bytes);
      const want = createHash('md5').update(bytes).digest().readUInt32BE(0);
      expect(md5.digest(n)).toBe(want);
    }
  });

  it('knows RFC 1321 test vectors', () => {
    const md5 = new Md5Word();
    const word = (s: string): number => {
      const bytes = new TextEncoder().encode(s);
      md5.reserve(bytes.length);
      md5.bytes.set(bytes);
      return md5.digest(bytes.length);
    };
    expect(word('')).toBe(0xd41d8cd9); // d41d8cd98f00b204e9800998ecf8427e
    expect(word('abc')).toBe(0x90015098); // 900150983cd24fb0d6963f7d28e17f72
    expect(word('message digest')).toBe(0xf96b697d); // f96b697d7cb7938d525a2f31aaf161d0
  });
});

describe('keyed draws', () => {
  it('equal the md5 definition for any key, id and k, including non-ASCII ids', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), fc.string({ unit: 'binary' }), fc.nat(5), (key, id, k) => {
        expect(keyedUniform(key, id, k)).toBe(reference(key, id, k));
      }),
      { numRuns: 300 },
    );
    // A lone surrogate is not UTF-8: both sides encode it as U+FFFD.
    for (const id of ['\ud800', 'a\udfffb', 'é😀', 'q1'])
      expect(keyedUniform('7:random', id, 1)).toBe(reference('7:random', id, 1));
  });

  it('KeyedDraws gives each request its keyed draw, the same when asked again or by a second run', () => {
    fc.assert(
      fc.property(
        fc.array(fc.string({ unit: 'binary', maxLength: 90 }), { minLength: 1, maxLength: 30 }),
        fc.nat(),
        (ids, seed) => {
          const key = drawKey(seed, 'weighted:a=0.7,b=0.3');
          const first = new KeyedDraws(key, ids);
          const want = ids.map((id) => [reference(key, id, 0), reference(key, id, 2)]);
          // Backwards, then forwards through a fresh instance that finds the first one's table.
          for (let r = ids.length - 1; r >= 0; r--) expect(first.uniform(r, 2)).toBe(want[r]![1]);
          const again = new KeyedDraws(key, ids);
          ids.forEach((_, r) => {
            expect(again.uniform(r, 0)).toBe(want[r]![0]);
            expect(again.uniform(r, 2)).toBe(want[r]![1]);
          });
        },
      ),
      { numRuns: 100 },
    );
  });

  it('keeps draws of different keys apart when many runs share one trace (tables evicted and rebuilt)', () => {
    const ids = Array.from({ length: 50 }, (_, r) => `q${r}`);
    for (let round = 0; round < 2; round++) {
      for (let p = 0; p < 7; p++) {
        const key = drawKey(p, `random`);
        const draws = new KeyedDraws(key, ids);
        for (let r = 0; r < ids.length; r += 7) expect(draws.uniform(r, 0)).toBe(reference(key, ids[r]!, 0));
      }
    }
  });
});
