/**
 * The two inner loops of the sparse solver over one CSR row's hashed non-zeros, for weights laid out
 * row-major [D × M] (the TF.js kernel layout): the row's M logits, and the scatter of its M residuals
 * back into the gradient. Heads go in pairs — one load of a non-zero's index and value feeds two
 * multiply-adds on adjacent weights. Two heads (the common two-model router) get their own loop with the
 * index shifted instead of multiplied by a variable M: 2–3× faster in V8 than the loop over head pairs
 * (bench/learn.ts measures a pass). Every sum runs over k = s, s+1, … in float64, in the same order for
 * every M, so the results do not depend on which loop ran.
 */
import type { SparseMatrix } from './features/sparse-matrix.ts';

/** z[m] = bias[m] + Σ_k values[k] · w[indices[k]·M + m] over row r's hashed non-zeros. */
export function hashedRowLogits(x: SparseMatrix, M: number, w: Float64Array, r: number, z: Float64Array): void {
  const idx = x.indices,
    val = x.values,
    s = x.rowStart[r]!,
    e = x.rowStart[r + 1]!,
    B = (x.hashedDim + x.extrasDim) * M;
  if (M === 2) {
    let a = w[B]!,
      b = w[B + 1]!;
    for (let k = s; k < e; k++) {
      const v = val[k]!,
        j = idx[k]! << 1;
      a += v * w[j]!;
      b += v * w[j + 1]!;
    }
    z[0] = a;
    z[1] = b;
    return;
  }
  let m = 0;
  for (; m + 2 <= M; m += 2) {
    let a = w[B + m]!,
      b = w[B + m + 1]!;
    for (let k = s; k < e; k++) {
      const v = val[k]!,
        j = idx[k]! * M + m;
      a += v * w[j]!;
      b += v * w[j + 1]!;
    }
    z[m] = a;
    z[m + 1] = b;
  }
  if (m < M) {
    let a = w[B + m]!;
    for (let k = s; k < e; k++) a += val[k]! * w[idx[k]! * M + m]!;
    z[m] = a;
  }
}

/** grad[indices[k]·M + m] += values[k] · res[m] over row r's hashed non-zeros (biases not included). */
export function scatterHashedRow(x: SparseMatrix, M: number, r: number, res: Float64Array, grad: Float64Array): void {
  const idx = x.indices,
    val = x.values,
    s = x.rowStart[r]!,
    e = x.rowStart[r + 1]!;
  if (M === 2) {
    const a = res[0]!,
      b = res[1]!;
    if (a === 0 && b === 0) return;
    for (let k = s; k < e; k++) {
      const v = val[k]!,
        j = idx[k]! << 1;
      grad[j]! += v * a;
      grad[j + 1]! += v * b;
    }
    return;
  }
  let m = 0;
  for (; m + 2 <= M; m += 2) {
    const a = res[m]!,
      b = res[m + 1]!;
    if (a === 0 && b === 0) continue;
    for (let k = s; k < e; k++) {
      const v = val[k]!,
        j = idx[k]! * M + m;
      grad[j]! += v * a;
      grad[j + 1]! += v * b;
    }
  }
  if (m < M && res[m] !== 0) {
    const a = res[m]!;
    for (let k = s; k < e; k++) grad[idx[k]! * M + m]! += val[k]! * a;
  }
}
