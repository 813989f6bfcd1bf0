import { describe, expect, it } from 'vitest';
import { createRng } from '../../src/core/rng.ts';
import { clearTermCounts, createTermCounts, hashNgrams, sortedTouched } from '../../src/learn/features/hashing.ts';

describe('sortedTouched', () => {
  it.each([4, 10, 14, 20])(
    'lists the distinct touched indices in increasing order, text after text, with 2^%i slots',
    (bits) => {
      const dim = 2 ** bits;
      const tc = createTermCounts(dim);
      const rng = createRng(bits);
      const alphabet = 'ab cd ef gh ij kl mn op qr st uv wx yz 12 34 ? { } 北京 привет\n';
      for (let t = 0; t < 30; t++) {
        const text = Array.from({ length: rng.int(400) }, () => alphabet[rng.int(alphabet.length)]).join('');
        clearTermCounts(tc);
        hashNgrams(text, dim / 2, tc);
        const expected = Array.from(tc.touched.subarray(0, tc.n)).sort((a, b) => a - b);
        expect(new Set(expected).size).toBe(tc.n);
        expect(Array.from(sortedTouched(tc))).toEqual(expected);
      }
    },
  );
});
