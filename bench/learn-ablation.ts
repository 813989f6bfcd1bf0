/**
 * For bench/learn.ts: the sparse logistic fit on the hashed features with and without character n-grams
 * (word 1–2-grams hash into the first half of the space, char 3–5-grams into the second). A half is
 * dropped from the CSR rows and the rest renormalised to unit length; the L2 path chooses its strength
 * on the same validation rows, so the validation log loss is what a feature choice could be made by.
 */
import type { Featurizer } from '../src/learn/features/featurizer.ts';
import type { FeatureInput } from '../src/learn/features/input.ts';
import { featurizeAll, type SparseMatrix } from '../src/learn/features/sparse-matrix.ts';
import { fitLinear } from '../src/learn/fit-linear.ts';
import type { Labels } from '../src/learn/labels.ts';
import { rowLogits } from '../src/learn/logistic-objective.ts';

export interface AblationRow {
  readonly name: string;
  readonly nnzPerRow: number;
  readonly passes: number;
  readonly fitCpuS: number;
  readonly validationLoss: number;
  readonly auc: readonly number[];
}

type Half = 'word' | 'char' | 'both';

/** `x` with only the non-zeros of `keep`, each row rescaled to unit L2 norm. */
function keepHalf(x: SparseMatrix, keep: Half): SparseMatrix {
  if (keep === 'both') return x;
  const half = x.hashedDim / 2;
  const rowStart = new Uint32Array(x.rows + 1);
  const indices = new Int32Array(x.indices.length),
    values = new Float32Array(x.values.length);
  let n = 0;
  for (let r = 0; r < x.rows; r++) {
    const from = n;
    let ss = 0;
    for (let k = x.rowStart[r]!; k < x.rowStart[r + 1]!; k++) {
      const j = x.indices[k]!;
      if (j < half !== (keep === 'word')) continue;
      indices[n] = j;
      values[n++] = x.values[k]!;
      ss += x.values[k]! ** 2;
    }
    const scale = ss > 0 ? 1 / Math.sqrt(ss) : 0;
    for (let k = from; k < n; k++) values[k]! *= scale;
    rowStart[r + 1] = n;
  }
  return { ...x, rowStart, indices: indices.slice(0, n), values: values.slice(0, n) };
}

/** The fit and its held-out AUC (via `aucOf`, on logits [test × M]) for each choice of n-gram halves. */
export function featureAblation(
  x: SparseMatrix,
  labels: Labels,
  M: number,
  featurizer: Featurizer,
  testIn: readonly FeatureInput[],
  aucOf: (logits: Float64Array) => readonly number[],
): AblationRow[] {
  const test = featurizeAll(featurizer, testIn);
  return (['both', 'word', 'char'] as const).map((keep) => {
    const xs = keepHalf(x, keep),
      ts = keepHalf(test, keep);
    const c0 = process.cpuUsage();
    const fit = fitLinear(xs, labels, M, { validationShare: 0.15, classWeight: 'none', seed: 0 });
    const c = process.cpuUsage(c0);
    const D = x.hashedDim + x.extrasDim;
    const w = new Float64Array((D + 1) * M);
    w.set(fit.kernel);
    w.set(fit.bias, D * M);
    const z = new Float64Array(M),
      logits = new Float64Array(ts.rows * M);
    for (let r = 0; r < ts.rows; r++) {
      rowLogits(ts, M, w, r, z);
      logits.set(z, r * M);
    }
    const val = fit.report.validationLoss;
    return {
      name: keep === 'both' ? 'word + char' : `${keep} only`,
      nnzPerRow: xs.indices.length / xs.rows,
      passes: fit.evaluations,
      fitCpuS: (c.user + c.system) / 1e6,
      validationLoss: val[val.length - 1]!,
      auc: aucOf(logits),
    };
  });
}
