import { describe, expect, it } from 'vitest';
import { createRng } from '../../src/core/rng.ts';
import { NearestPrompts } from '../../src/learn/features/nearest-prompts.ts';

/** n prompts sharing a preamble and stop words (every posting list of those is n long), then topic words. */
function prompts(n: number, seed: number): string[] {
  const rng = createRng(seed);
  return Array.from({ length: n }, () => {
    const words = ['please answer the question below'];
    for (let i = 0; i < 8; i++) words.push(i % 2 ? 'the' : `w${Math.floor(500 * rng.next() ** 2)}`);
    return words.join(' ');
  });
}

describe('NearestPrompts', () => {
  const train = prompts(3000, 1),
    queries = prompts(100, 2);

  it('reads at most maxPostings postings per query term however many prompts share it', () => {
    const index = new NearestPrompts(train, 4096, 64);
    const out = new Uint32Array(10);
    for (const q of queries) {
      const before = index.postingsRead;
      index.query(q, out);
      // ≤ 13 unigrams + 12 bigrams, each list cut at 64 (the unbounded index reads ≥ 3000 for "please" alone).
      expect(index.postingsRead - before).toBeLessThanOrEqual(25 * 64);
    }
  });

  it('finds nearly the exact top 10 with bounded lists, and exactly it when no list is longer than the bound', () => {
    const exact = new NearestPrompts(train, 4096, Infinity);
    const bounded = new NearestPrompts(train, 4096, 64);
    const wide = new NearestPrompts(train, 4096, 3000);
    const a = new Uint32Array(10),
      b = new Uint32Array(10),
      c = new Uint32Array(10);
    let same = 0;
    for (const q of queries) {
      exact.query(q, a);
      bounded.query(q, b);
      wide.query(q, c);
      expect(c).toEqual(a);
      same += b.filter((d) => a.includes(d)).length;
    }
    expect(same / (10 * queries.length)).toBeGreaterThan(0.9);
  });
});
