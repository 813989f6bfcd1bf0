import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HashedTfidf } from '../../src/learn/features/hashed-tfidf.ts';
import { clearTermCounts, createTermCounts, hashNgrams } from '../../src/learn/features/hashing.ts';

const BUCKETS = 1024;

describe('one tokenizer for the learned router and knn', () => {
  it('knn’s TF-IDF terms are exactly the word terms of the learned router’s features', () => {
    const tfidf = HashedTfidf.fit(['x'], BUCKETS);
    const tc = createTermCounts(2 * BUCKETS);
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('a', 'B', 'é', '7', '_', ' ', ',', '\n', '中') }), (text) => {
        hashNgrams(text, BUCKETS, tc);
        const words = new Set([...tc.touched.subarray(0, tc.n)].filter((j) => j < BUCKETS));
        clearTermCounts(tc);
        expect(new Set(tfidf.vectorize(text).index)).toEqual(words);
      }),
      { numRuns: 300 },
    );
  });

  it('counts a repeated word once per occurrence: tf = 2 gives weight (1 + ln 2)·idf before normalising', () => {
    const tfidf = HashedTfidf.fit(['alpha'], BUCKETS);
    const v = tfidf.vectorize('alpha alpha');
    // terms: "alpha" (tf 2, idf ln(2/2)+1 = 1) and the bigram "alpha alpha" (tf 1, idf ln(2/1)+1).
    const w = [1 + Math.log(2), 1 + Math.log(2)];
    const norm = Math.hypot(w[0]!, w[1]!);
    expect([...v.value].map((x) => x * norm)).toEqual([expect.closeTo(w[0]!, 12), expect.closeTo(w[1]!, 12)]);
  });
});
