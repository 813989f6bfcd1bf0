import { describe, expect, it } from 'vitest';
import { createRng } from '../../src/core/rng.ts';
import { fitFeaturizer } from '../../src/learn/features/fit-features.ts';
import type { FeatureInput } from '../../src/learn/features/input.ts';
import { featurizeAll } from '../../src/learn/features/sparse-matrix.ts';

/** Prompts of 40–120 random words: ~400–1,000 hashed non-zeros each, so 2,500 of them span several blocks. */
function inputs(n: number): FeatureInput[] {
  const rng = createRng(3);
  return Array.from({ length: n }, (_, i) => ({
    id: `r${i}`,
    // Every 500th prompt is empty: a row without non-zeros, also where a block would end.
    prompt:
      i % 500 === 499
        ? ''
        : Array.from({ length: 40 + rng.int(80) }, () => `w${rng.int(5000)}x${rng.int(50)}`).join(' '),
    task: undefined,
    tags: {},
  }));
}

describe('featurizeAll', () => {
  it('holds exactly each request’s own features, row after row, across blocks of non-zeros', () => {
    const reqs = inputs(2500);
    const f = fitFeaturizer(reqs, { hashBits: 12 });
    const x = featurizeAll(f, reqs);
    expect(x.indices.length).toBeGreaterThan(1 << 20); // more than one block
    expect(x.indices.length).toBe(x.rowStart[x.rows]);
    expect(x.values.length).toBe(x.indices.length);
    const sf = f.createSparse();
    // Counted in plain loops (one expect at the end): per-element expects made this test take a minute.
    let mismatches = 0;
    for (let r = 0; r < x.rows; r++) {
      f.features(reqs[r]!, sf);
      const s = x.rowStart[r]!;
      if (x.rowStart[r + 1]! - s !== sf.nnz) mismatches++;
      for (let k = 0; k < sf.nnz; k++)
        if (x.indices[s + k] !== sf.indices[k] || x.values[s + k] !== sf.values[k]) mismatches++;
      for (let e = 0; e < f.extrasDim; e++) if (x.extras[r * f.extrasDim + e] !== sf.extras[e]) mismatches++;
    }
    expect(mismatches).toBe(0);
  });
});
