import { describe, expect, it } from 'vitest';
import type { SparseMatrix } from '../../src/learn/features/sparse-matrix.ts';
import type { Labels } from '../../src/learn/labels.ts';
import { fitLinear } from '../../src/learn/fit-linear.ts';
import { lbfgs } from '../../src/learn/lbfgs.ts';
import {
  logisticObjective,
  parameterCount,
  rankedPairs,
  type LogisticProblem,
} from '../../src/learn/logistic-objective.ts';
import { createRng } from '../../src/core/rng.ts';

/** A CSR matrix from dense rows (hashedDim = row width) plus dense extras. */
function csr(rows: number[][], extras: number[][] = rows.map(() => [])): SparseMatrix {
  const rowStart = new Uint32Array(rows.length + 1),
    indices: number[] = [],
    values: number[] = [];
  rows.forEach((row, i) => {
    row.forEach((v, j) => {
      if (v !== 0) {
        indices.push(j);
        values.push(v);
      }
    });
    rowStart[i + 1] = indices.length;
  });
  return {
    rows: rows.length,
    hashedDim: rows[0]!.length,
    extrasDim: extras[0]!.length,
    rowStart,
    indices: Int32Array.from(indices),
    values: Float32Array.from(values),
    extras: Float32Array.from(extras.flat()),
  };
}

function randomProblem(seed: number, n: number, d: number, M: number) {
  const rng = createRng(seed);
  const rows = Array.from({ length: n }, () => Array.from({ length: d }, () => (rng.next() < 0.4 ? rng.next() : 0)));
  const extras = Array.from({ length: n }, () => [rng.next(), rng.next() < 0.5 ? 1 : 0]);
  const y = Float32Array.from({ length: n * M }, () => (rng.next() < 0.5 ? 1 : 0));
  const mask = Float32Array.from({ length: n * M }, () => (rng.next() < 0.8 ? 1 : 0));
  return { x: csr(rows, extras), labels: { y, mask, mode: 'binary' } as Labels };
}

const FINE = { gradientTolerance: 1e-10, relativeTolerance: 0, maxEvaluations: 2000 };

describe('the multi-head logistic objective', () => {
  it.each([0, 0.7])(
    'has the gradient of its value (3 heads, masks, soft labels, positive weights, ranking β = %s)',
    (pairWeight) => {
      const { x, labels } = randomProblem(3, 12, 6, 3);
      labels.y[4] = 0.3; // a graded (soft) label
      const p: LogisticProblem = {
        x,
        labels,
        M: 3,
        rows: Uint32Array.from({ length: 12 }, (_, i) => i),
        l2: Float64Array.from([0.1, 0.01, 0.5]),
        positiveWeights: [1, 2.5, 0.5],
        pairWeight,
      };
      const rng = createRng(9);
      const w = Float64Array.from({ length: parameterCount(x, 3) }, () => rng.next() - 0.5);
      const g = new Float64Array(w.length);
      logisticObjective(p, w, g);
      const scratch = new Float64Array(w.length);
      for (let j = 0; j < w.length; j++) {
        const h = 1e-6,
          wp = Float64Array.from(w),
          wm = Float64Array.from(w);
        wp[j]! += h;
        wm[j]! -= h;
        const numeric = (logisticObjective(p, wp, scratch) - logisticObjective(p, wm, scratch)) / (2 * h);
        expect(g[j]).toBeCloseTo(numeric, 7);
      }
    },
  );
});

describe('the ranking term', () => {
  it('counts the ordered pairs of known labels where one model beat another', () => {
    // Row 0: y = [1, 0, 1] all known → (0,1), (2,1). Row 1: y = [1, 0, ?] → (0,1). Row 2: all equal → none.
    const labels: Labels = {
      y: Float32Array.from([1, 0, 1, 1, 0, 0, 1, 1, 1]),
      mask: Float32Array.from([1, 1, 1, 1, 1, 0, 1, 1, 1]),
      mode: 'binary',
    };
    expect(rankedPairs(labels, Uint32Array.from([0, 1, 2]), 3)).toBe(3);
    expect(rankedPairs(labels, Uint32Array.from([2]), 3)).toBe(0);
  });
});

describe('L-BFGS on the logistic objective', () => {
  it('reaches the closed-form optimum of a bias-only model: logit of the mean label', () => {
    // No feature is ever non-zero, so only the bias moves: σ(b) = 3/8 ⇒ b = ln(3/5).
    const x = csr(Array.from({ length: 8 }, () => [0, 0]));
    const y = Float32Array.from([1, 1, 1, 0, 0, 0, 0, 0]);
    const p: LogisticProblem = {
      x,
      labels: { y, mask: new Float32Array(8).fill(1), mode: 'binary' },
      M: 1,
      rows: Uint32Array.from({ length: 8 }, (_, i) => i),
      l2: Float64Array.from([1]),
      positiveWeights: [1],
    };
    const r = lbfgs((w, g) => logisticObjective(p, w, g), new Float64Array(parameterCount(x, 1)), FINE);
    expect(r.converged).toBe(true);
    expect(r.w[2]).toBeCloseTo(Math.log(3 / 5), 8);
    expect([r.w[0], r.w[1]]).toEqual([0, 0]);
  });

  it('matches a dense Newton reference on a small problem', () => {
    const { x, labels } = randomProblem(5, 30, 3, 1);
    labels.mask.fill(1);
    const rows = Uint32Array.from({ length: 30 }, (_, i) => i);
    const p: LogisticProblem = { x, labels, M: 1, rows, l2: Float64Array.from([0.05]), positiveWeights: [1] };
    const r = lbfgs((w, g) => logisticObjective(p, w, g), new Float64Array(parameterCount(x, 1)), FINE);
    // Dense Newton on the same objective: features [3 hashed, 2 extras] then the bias (unpenalised).
    const X = Array.from({ length: 30 }, (_, i) => {
      const row = [0, 0, 0];
      for (let k = x.rowStart[i]!; k < x.rowStart[i + 1]!; k++) row[x.indices[k]!] = x.values[k]!;
      return [...row, x.extras[2 * i]!, x.extras[2 * i + 1]!, 1];
    });
    const P = 6;
    let w = new Array<number>(P).fill(0);
    for (let it = 0; it < 50; it++) {
      const g = new Array<number>(P).fill(0);
      const H = Array.from({ length: P }, () => new Array<number>(P).fill(0));
      X.forEach((xi, i) => {
        const s = 1 / (1 + Math.exp(-xi.reduce((a, v, j) => a + v * w[j]!, 0)));
        for (let a = 0; a < P; a++) {
          g[a]! += ((s - labels.y[i]!) * xi[a]!) / 30;
          for (let b = 0; b < P; b++) H[a]![b]! += (s * (1 - s) * xi[a]! * xi[b]!) / 30;
        }
      });
      for (let a = 0; a < P - 1; a++) {
        g[a]! += 0.05 * w[a]!;
        H[a]![a]! += 0.05;
      }
      w = w.map((v, a) => v - solve(H, g)[a]!);
    }
    w.forEach((v, j) => expect(r.w[j]).toBeCloseTo(v, 6));
  });
});

/** Gaussian elimination with partial pivoting (the test's dense reference). */
function solve(A: number[][], b: number[]): number[] {
  const n = b.length;
  const M = A.map((row, i) => [...row, b[i]!]);
  for (let c = 0; c < n; c++) {
    const p = M.reduce((best, _, r) => (r >= c && Math.abs(M[r]![c]!) > Math.abs(M[best]![c]!) ? r : best), c);
    [M[c], M[p]] = [M[p]!, M[c]!];
    for (let r = 0; r < n; r++) {
      if (r === c) continue;
      const f = M[r]![c]! / M[c]![c]!;
      for (let k = c; k <= n; k++) M[r]![k]! -= f * M[c]![k]!;
    }
  }
  return M.map((row, i) => row[n]! / row[i]!);
}

describe('fitLinear', () => {
  it('gives identical weights for the same seed', () => {
    const { x, labels } = randomProblem(11, 60, 8, 2);
    const a = fitLinear(x, labels, 2, { validationShare: 0.2, classWeight: 'balanced', seed: 4 });
    const b = fitLinear(x, labels, 2, { validationShare: 0.2, classWeight: 'balanced', seed: 4 });
    expect(b.kernel).toEqual(a.kernel);
    expect(b.bias).toEqual(a.bias);
    expect(b.report).toEqual(a.report);
  });

  it('skips masked labels: rows of unknown quality change nothing, whatever their label says', () => {
    const { x, labels } = randomProblem(13, 20, 5, 2);
    labels.mask.fill(1);
    const base = fitLinear(x, labels, 2, { validationShare: 0, classWeight: 'none', seed: 0, l2: 0.01 });
    // The same rows plus three rows whose labels are all unknown (and wrong on purpose).
    const rows = Array.from({ length: 23 }, (_, i) => {
      const r = i < 20 ? i : i - 20;
      return Array.from({ length: 5 }, (_, j) => {
        let v = 0;
        for (let k = x.rowStart[r]!; k < x.rowStart[r + 1]!; k++) if (x.indices[k] === j) v = x.values[k]!;
        return v;
      });
    });
    const extras = Array.from({ length: 23 }, (_, i) => Array.from(x.extras.subarray(2 * (i % 20), 2 * (i % 20) + 2)));
    const y = new Float32Array(46).fill(1),
      mask = new Float32Array(46);
    y.set(labels.y);
    mask.set(labels.mask);
    const more = fitLinear(csr(rows, extras), { y, mask, mode: 'binary' }, 2, {
      validationShare: 0,
      classWeight: 'none',
      seed: 0,
      l2: 0.01,
    });
    expect(more.kernel).toEqual(base.kernel);
    expect(more.bias).toEqual(base.bias);
  });

  it('chooses the L2 strength on validation rows and reports one loss per path point plus the refit', () => {
    const { x, labels } = randomProblem(17, 200, 10, 2);
    const fit = fitLinear(x, labels, 2, { validationShare: 0.25, classWeight: 'none', seed: 1 });
    const grid = [10, 3, 1, 0.3, 0.1].map((c) => c / 150);
    expect(grid).toContain(fit.l2);
    expect(fit.report.trainLoss.length).toBe(fit.report.epochsRun);
    const path = fit.report.validationLoss.slice(0, -1);
    expect(path[fit.report.bestEpoch - 1]).toBe(Math.min(...path));
  });
});
