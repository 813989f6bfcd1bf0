import { describe, expect, it } from 'vitest';
import { createRng } from '../../src/core/rng.ts';
import { sparseAffine } from '../../src/learn/sparse-kernel.ts';

/** The reference: h = bias, then h[j] += v·W[i, j] for each non-zero in order. */
function plainLoop(
  kernel: Float32Array,
  bias: Float32Array,
  outDim: number,
  indices: Int32Array,
  values: Float32Array,
): Float64Array {
  const h = Float64Array.from(bias);
  for (let k = 0; k < indices.length; k++) {
    for (let j = 0; j < outDim; j++) h[j]! += values[k]! * kernel[indices[k]! * outDim + j]!;
  }
  return h;
}

describe('sparseAffine', () => {
  it('computes bias plus the value-weighted kernel rows on a hand-made case', () => {
    // W = [[1, 2], [3, 4], [5, 6]]; x = {0: 0.5, 2: 2}; h = [10, 20] + 0.5·[1, 2] + 2·[5, 6] = [20.5, 33]
    const h = new Float64Array(2);
    sparseAffine(
      Float32Array.of(1, 2, 3, 4, 5, 6),
      Float32Array.of(10, 20),
      2,
      Int32Array.of(0, 2),
      Float32Array.of(0.5, 2),
      2,
      h,
    );
    expect([...h]).toEqual([20.5, 33]);
  });

  it.each([1, 3, 4, 7, 8, 11, 12, 16, 64])(
    'matches the plain row-by-row loop bit for bit with %i outputs',
    (outDim) => {
      const rng = createRng(outDim);
      const inDim = 50;
      const kernel = Float32Array.from({ length: inDim * outDim }, () => rng.next() - 0.5);
      const bias = Float32Array.from({ length: outDim }, () => rng.next() - 0.5);
      const indices = Int32Array.from({ length: 30 }, () => rng.int(inDim));
      const values = Float32Array.from({ length: 30 }, () => rng.next());
      const h = new Float64Array(outDim);
      sparseAffine(kernel, bias, outDim, indices, values, indices.length, h);
      expect(h).toEqual(plainLoop(kernel, bias, outDim, indices, values));
    },
  );
});
