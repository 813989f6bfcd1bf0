/**
 * The multi-head logistic objective over CSR features, for the sparse linear solver:
 *
 *   f(W, b) = Σ_m [ (1/n_m) Σ_{i known for m} ℓ(z_im, y_im) + (l2_m / 2)·‖W_{·m}‖² ],   z_i = x_i·W + b
 *   ℓ(z, y) = w_m·y·softplus(−z) + (1 − y)·softplus(z)     (the weighted BCE of σ(z); soft labels allowed)
 *          + (β / P) Σ_{i, a, b: y_ia > y_ib} softplus(−(z_ia − z_ib))
 *
 * The last term (β = `pairWeight`, P = number of such pairs) is a ranking loss across the models of one
 * request: it is what routing needs (which model to call for this prompt), and it couples the heads,
 * which the per-model sigmoids alone never do.
 *
 * The parameter vector is the dense kernel [D × M] row-major (D = hashed + extras: the TF.js layout), then
 * the M biases; the bias is not penalised. Value and gradient come from ONE pass over the non-zeros: a
 * row's M logits, then its M residuals spread back over the same non-zeros while they are in cache.
 */
import type { SparseMatrix } from './features/sparse-matrix.ts';
import type { Labels } from './labels.ts';
import { hashedRowLogits, scatterHashedRow } from './csr-kernels.ts';

export interface LogisticProblem {
  readonly x: SparseMatrix;
  readonly labels: Labels;
  readonly M: number;
  /** Rows of x (and labels) that take part, e.g. the fitting part of a validation split. */
  readonly rows: Uint32Array;
  /** L2 strength per head. */
  readonly l2: Float64Array;
  /** Weight of a positive label per head (1 = unweighted). */
  readonly positiveWeights: readonly number[];
  /** β of the pairwise ranking term (0 = independent heads). */
  readonly pairWeight?: number;
}

/** Ordered pairs (a, b) of known labels with y_a > y_b, over `rows` (the P of the ranking term). */
export function rankedPairs(labels: Labels, rows: Uint32Array, M: number): number {
  let P = 0;
  for (let i = 0; i < rows.length; i++) {
    const o = rows[i]! * M;
    for (let a = 0; a < M; a++)
      for (let b = 0; b < M; b++)
        if (labels.mask[o + a] === 1 && labels.mask[o + b] === 1 && labels.y[o + a]! > labels.y[o + b]!) P++;
  }
  return P;
}

/** Number of parameters: the [D × M] kernel and M biases. */
export function parameterCount(x: SparseMatrix, M: number): number {
  return (x.hashedDim + x.extrasDim + 1) * M;
}

/** softplus(z) = ln(1 + e^z), stable for large |z|. */
export function softplus(z: number): number {
  return z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z));
}

/** Known labels per head among `rows` (the 1/n_m of the objective). */
export function knownCounts(labels: Labels, rows: Uint32Array, M: number): Float64Array {
  const n = new Float64Array(M);
  for (let i = 0; i < rows.length; i++) for (let m = 0; m < M; m++) n[m]! += labels.mask[rows[i]! * M + m]!;
  return n;
}

/** Logits of row `r` for every head into `z`: the hashed non-zeros (csr-kernels.ts), then the dense extras. */
export function rowLogits(x: SparseMatrix, M: number, w: Float64Array, r: number, z: Float64Array): void {
  hashedRowLogits(x, M, w, r, z);
  const E = x.extrasDim,
    base = r * E;
  for (let j = 0; j < E; j++) {
    const v = x.extras[base + j]!;
    if (v === 0) continue;
    const q = (x.hashedDim + j) * M;
    for (let h = 0; h < M; h++) z[h]! += v * w[q + h]!;
  }
}

/** grad += res ⊗ x_r over the row's non-zeros (csr-kernels.ts), the dense extras and the biases. */
function addRowGradient(x: SparseMatrix, M: number, r: number, res: Float64Array, grad: Float64Array): void {
  const D = x.hashedDim + x.extrasDim;
  scatterHashedRow(x, M, r, res, grad);
  const E = x.extrasDim,
    base = r * E;
  for (let j = 0; j < E; j++) {
    const v = x.extras[base + j]!;
    if (v === 0) continue;
    const q = (x.hashedDim + j) * M;
    for (let h = 0; h < M; h++) grad[q + h]! += v * res[h]!;
  }
  for (let h = 0; h < M; h++) grad[D * M + h]! += res[h]!;
}

/** The ranking term of row `r`: returns its loss and adds its ∂/∂z into `res`. */
function addPairTerms(labels: Labels, M: number, r: number, z: Float64Array, scale: number, res: Float64Array) {
  const o = r * M;
  let loss = 0;
  for (let a = 0; a < M; a++) {
    if (labels.mask[o + a] !== 1) continue;
    for (let b = 0; b < M; b++) {
      if (labels.mask[o + b] !== 1 || !(labels.y[o + a]! > labels.y[o + b]!)) continue;
      const t = z[a]! - z[b]!;
      loss += scale * softplus(-t);
      const g = scale / (1 + Math.exp(t)); // σ(−t) = −∂softplus(−t)/∂t
      res[a]! -= g;
      res[b]! += g;
    }
  }
  return loss;
}

/** f(w) as defined above; its gradient is written into `grad` (same length as w). */
export function logisticObjective(p: LogisticProblem, w: Float64Array, grad: Float64Array): number {
  const { x, labels, M, rows } = p;
  const D = x.hashedDim + x.extrasDim;
  const inv = knownCounts(labels, rows, M).map((c) => (c > 0 ? 1 / c : 0));
  const beta = p.pairWeight ?? 0;
  const P = beta > 0 ? rankedPairs(labels, rows, M) : 0;
  const pairScale = P > 0 ? beta / P : 0;
  const z = new Float64Array(M),
    res = new Float64Array(M);
  grad.fill(0);
  let loss = 0;
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i]!;
    rowLogits(x, M, w, r, z);
    let any = false;
    for (let m = 0; m < M; m++) {
      const k = r * M + m;
      res[m] = 0;
      if (labels.mask[k] !== 1) continue;
      any = true;
      const y = labels.y[k]!,
        pw = p.positiveWeights[m]!,
        zm = z[m]!;
      loss += inv[m]! * (pw * y * softplus(-zm) + (1 - y) * softplus(zm));
      // d/dz [w·y·softplus(−z) + (1−y)·softplus(z)] = −w·y·σ(−z) + (1−y)·σ(z)
      const sig = 1 / (1 + Math.exp(-zm));
      res[m] = inv[m]! * ((1 - y) * sig - pw * y * (1 - sig));
    }
    if (pairScale > 0) loss += addPairTerms(labels, M, r, z, pairScale, res);
    if (any) addRowGradient(x, M, r, res, grad);
  }
  for (let j = 0; j < D; j++)
    for (let m = 0; m < M; m++) {
      const q = j * M + m,
        l = p.l2[m]!;
      loss += 0.5 * l * w[q]! * w[q]!;
      grad[q]! += l * w[q]!;
    }
  return loss;
}

/** Per-head mean unweighted log loss on `rows` (validation): the score the L2 strength is chosen by. */
export function headLogLoss(x: SparseMatrix, labels: Labels, M: number, rows: Uint32Array, w: Float64Array) {
  const sum = new Float64Array(M),
    n = new Float64Array(M);
  const z = new Float64Array(M);
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i]!;
    rowLogits(x, M, w, r, z);
    for (let m = 0; m < M; m++) {
      const k = r * M + m;
      if (labels.mask[k] !== 1) continue;
      const y = labels.y[k]!;
      sum[m]! += y * softplus(-z[m]!) + (1 - y) * softplus(z[m]!);
      n[m]!++;
    }
  }
  return sum.map((s, m) => (n[m]! > 0 ? s / n[m]! : NaN));
}
