import { describe, expect, it } from 'vitest';
import { createRng } from '../../src/core/rng.ts';
import { chooseHead } from '../../src/learn/choose-head.ts';
import {
  collapseFactors,
  factorObjective,
  factorParameterCount,
  factorsFromLinear,
  symmetricEigen,
} from '../../src/learn/factor-objective.ts';
import type { SparseMatrix } from '../../src/learn/features/sparse-matrix.ts';
import type { Labels } from '../../src/learn/labels.ts';
import { lbfgs } from '../../src/learn/lbfgs.ts';
import { logisticObjective, parameterCount, type LogisticProblem } from '../../src/learn/logistic-objective.ts';

/** A random CSR problem: n rows × d hashed columns (40% non-zero) plus 2 dense extras, M heads, 80% labels known. */
function randomProblem(seed: number, n: number, d: number, M: number): { x: SparseMatrix; labels: Labels } {
  const rng = createRng(seed);
  const rowStart = new Uint32Array(n + 1),
    indices: number[] = [],
    values: number[] = [],
    extras: number[] = [];
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < d; j++)
      if (rng.next() < 0.4) {
        indices.push(j);
        values.push(rng.next());
      }
    rowStart[i + 1] = indices.length;
    extras.push(rng.next(), rng.next() < 0.5 ? 1 : 0);
  }
  const x: SparseMatrix = {
    rows: n,
    hashedDim: d,
    extrasDim: 2,
    rowStart,
    indices: Int32Array.from(indices),
    values: Float32Array.from(values),
    extras: Float32Array.from(extras),
  };
  const y = Float32Array.from({ length: n * M }, () => (rng.next() < 0.5 ? 1 : 0));
  const mask = Float32Array.from({ length: n * M }, () => (rng.next() < 0.8 ? 1 : 0));
  return { x, labels: { y, mask, mode: 'binary' } };
}

const problemOf = (x: SparseMatrix, labels: Labels, M: number, rows: Uint32Array, pairWeight = 0): LogisticProblem => ({
  x,
  labels,
  M,
  rows,
  l2: new Float64Array(M).fill(0.05),
  positiveWeights: Array.from({ length: M }, (_, m) => 1 + m * 0.5),
  pairWeight,
});
const range = (a: number, b: number) => Uint32Array.from({ length: b - a }, (_, i) => a + i);

describe('the low-rank factor head', () => {
  it.each([
    [0, 1],
    [0.7, 2],
  ])('has the gradient of its value (ranking β = %s, rank %s, 3 heads, masks, extras)', (pairWeight, k) => {
    const { x, labels } = randomProblem(5, 14, 6, 3);
    labels.y[4] = 0.3; // a graded (soft) label
    const f = factorObjective(problemOf(x, labels, 3, range(0, 14), pairWeight), k, 0.2);
    const rng = createRng(11);
    const theta = Float64Array.from({ length: factorParameterCount(x, 3, k) }, () => rng.next() - 0.5);
    const g = new Float64Array(theta.length),
      scratch = new Float64Array(theta.length);
    f(theta, g);
    for (let j = 0; j < theta.length; j++) {
      const h = 1e-6,
        tp = Float64Array.from(theta),
        tm = Float64Array.from(theta);
      tp[j]! += h;
      tm[j]! -= h;
      expect(g[j]).toBeCloseTo((f(tp, scratch) - f(tm, scratch)) / (2 * h), 6);
    }
  });

  it('starts from the SVD of the linear head: at full rank it reproduces W and b exactly', () => {
    const rng = createRng(2);
    const D = 7,
      M = 3;
    const w = Float64Array.from({ length: D * M + M }, () => rng.next() - 0.5);
    const back = collapseFactors(factorsFromLinear(w, D, M, M), D, M, M);
    for (let i = 0; i < w.length; i++) expect(back[i]).toBeCloseTo(w[i]!, 10);
  });

  it('finds eigenvectors of a symmetric matrix: A = V·diag(λ)·Vᵀ', () => {
    // [[2,1,0],[1,2,0],[0,0,5]]: eigenvalues 1, 3, 5.
    const A = Float64Array.from([2, 1, 0, 1, 2, 0, 0, 0, 5]);
    const { values, vectors } = symmetricEigen(A, 3);
    expect([...values].sort((a, b) => a - b).map((v) => Number(v.toFixed(10)))).toEqual([1, 3, 5]);
    for (let i = 0; i < 3; i++)
      for (let j = 0; j < 3; j++) {
        let s = 0;
        for (let e = 0; e < 3; e++) s += vectors[i * 3 + e]! * values[e]! * vectors[j * 3 + e]!;
        expect(s).toBeCloseTo(A[i * 3 + j]!, 10);
      }
  });

  it('is chosen by validation routing only, deterministically; labels outside fit ∪ validation do not matter', () => {
    const M = 3;
    const { x, labels } = randomProblem(8, 60, 10, M);
    const fitRows = range(0, 30),
      valRows = range(30, 45);
    const solver = { gradientTolerance: 1e-6, relativeTolerance: 1e-9, maxEvaluations: 200 };
    const search = (l: Labels) => {
      const fit = problemOf(x, l, M, fitRows);
      const w = lbfgs((v, g) => logisticObjective(fit, v, g), new Float64Array(parameterCount(x, M)), solver).w;
      return chooseHead({ x, labels: l, M, fit, valRows, modelCostUsd: [1, 2, 4], w, aiq: -Infinity, solver });
    };
    const a = search(labels);
    // Rows 45–59 play the test split: flipping every one of their labels changes nothing.
    const corrupted = { ...labels, y: labels.y.map((v, k) => (k >= 45 * M ? 1 - v : v)) };
    const b = search(corrupted);
    expect(b.rank).toBe(a.rank);
    expect([...b.w]).toEqual([...a.w]);
    expect(b.aiq).toBe(a.aiq);
    // Against −∞ a factor head always wins: its rank is one of those tried below M.
    expect([1, 2]).toContain(a.rank);
    const c = search(labels);
    expect([...c.w]).toEqual([...a.w]);
  });
});
