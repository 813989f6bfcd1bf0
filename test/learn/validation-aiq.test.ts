import { describe, expect, it } from 'vitest';
import type { SparseMatrix } from '../../src/learn/features/sparse-matrix.ts';
import { validationAiq } from '../../src/learn/validation-aiq.ts';

// Two one-hot rows, two models costing $1 and $2. Row 0 is solved by model 1 only, row 1 by model 0 only.
const x: SparseMatrix = {
  rows: 2,
  hashedDim: 2,
  extrasDim: 0,
  rowStart: Uint32Array.from([0, 1, 2]),
  indices: Int32Array.from([0, 1]),
  values: Float32Array.from([1, 1]),
  extras: new Float32Array(0),
};
const labels = { y: Float32Array.from([0, 1, 1, 0]), mask: new Float32Array(4).fill(1), mode: 'binary' as const };
const rows = Uint32Array.from([0, 1]);

describe('validationAiq', () => {
  it('is the area under the hull of the routed points over the cost range', () => {
    // Weights that know the answer: at small λ each row goes to its solver → (cost 1.5, quality 1); at large λ
    // all go to model 0 → (1, 0.5). Hull (1, 0.5) → (1.5, 1) → flat to 2: area 0.375 + 0.5 over a range of 1.
    const w = Float64Array.from([-3, 3, 3, -3, 0, 0]);
    expect(validationAiq(x, labels, 2, rows, w, [1, 2])).toBeCloseTo(0.875, 12);
  });

  it('scores weights that get the rows backwards as the zero router (mixing the two models)', () => {
    // Backwards: (1.5, 0) at λ = 0, then (1, 0.5) once λ sends every row to model 0: the non-decreasing hull
    // is flat at the cheapest model's 0.5 from cost 1 to 2.
    const w = Float64Array.from([3, -3, -3, 3, 0, 0]);
    expect(validationAiq(x, labels, 2, rows, w, [1, 2])).toBeCloseTo(0.5, 12);
  });

  it('is NaN when every model costs the same (no cost range)', () => {
    expect(validationAiq(x, labels, 2, rows, new Float64Array(6), [1, 1])).toBeNaN();
  });
});
