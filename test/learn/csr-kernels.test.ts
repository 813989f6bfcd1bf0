import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hashedRowLogits, scatterHashedRow } from '../../src/learn/csr-kernels.ts';
import type { SparseMatrix } from '../../src/learn/features/sparse-matrix.ts';

/** A 3-row CSR over 8 hashed slots (+1 extra): rows {0, 3, 7}, {}, {2, 5}. */
const x: SparseMatrix = {
  rows: 3,
  hashedDim: 8,
  extrasDim: 1,
  rowStart: Uint32Array.of(0, 3, 3, 5),
  indices: Int32Array.of(0, 3, 7, 2, 5),
  values: Float32Array.of(0.5, -1, 2, 0.25, 4),
  extras: new Float32Array(3),
};

describe('CSR row kernels', () => {
  it('compute bias + Σ value · w[index·M + m] exactly as the plain loop, for every head count', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 5 }), fc.integer({ min: 0, max: 2 }), fc.integer(), (M, r, seed) => {
        const D = x.hashedDim + x.extrasDim;
        const w = Float64Array.from({ length: (D + 1) * M }, (_, i) => Math.sin(seed + i * 1.7));
        const z = new Float64Array(M);
        hashedRowLogits(x, M, w, r, z);
        for (let m = 0; m < M; m++) {
          let want = w[D * M + m]!;
          for (let k = x.rowStart[r]!; k < x.rowStart[r + 1]!; k++) want += x.values[k]! * w[x.indices[k]! * M + m]!;
          expect(z[m]).toBe(want);
        }
      }),
    );
  });

  it('scatter value · residual into the gradient at index·M + m and nowhere else', () => {
    for (const M of [1, 2, 3]) {
      const grad = new Float64Array(9 * M + M);
      const res = Float64Array.from({ length: M }, (_, m) => m + 1);
      scatterHashedRow(x, M, 0, res, grad);
      const want = new Float64Array(grad.length);
      // Row 0: slots 0, 3, 7 with values 0.5, −1, 2; head m's residual is m + 1.
      for (let m = 0; m < M; m++) [want[m], want[3 * M + m], want[7 * M + m]] = [0.5 * (m + 1), -(m + 1), 2 * (m + 1)];
      expect([...grad]).toEqual([...want]);
      scatterHashedRow(x, M, 1, res, grad); // the empty row adds nothing
      expect([...grad]).toEqual([...want]);
    }
  });
});
