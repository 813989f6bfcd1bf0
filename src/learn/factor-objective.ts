/**
 * The low-rank ("matrix factorisation") head: the kernel of the linear head constrained to W = P·U, with
 * P [D × k] projecting a prompt's features to k factors and U [k × M] one embedding per model, so
 * z_im = (x_i·P)·u_m + b_m — RouteLLM's mf router (a bilinear score between a projected prompt and a learned
 * model embedding) on our sparse features. The models share the k prompt factors (e.g. "how hard is this
 * prompt"), which independent heads each have to learn from their own labels.
 *
 *   f(P, U, b) = data loss of logistic-objective.ts at (P·U, b)  +  (l2 / 2)·(‖P‖² + ‖U‖²)
 *
 * The factor penalty is the variational form of the nuclear norm of W (min over P·U = W of ½(‖P‖² + ‖U‖²) =
 * ‖W‖_*), so it prefers low rank. Value and gradient come through the linear objective by the chain rule
 * (∂f/∂P = G·Uᵀ, ∂f/∂U = Pᵀ·G with G = ∂loss/∂W), so both heads share one pass over the non-zeros and
 * the ranking term. The product collapses back to the dense layer TF.js saves: the model format is unchanged.
 *
 * Parameter vector θ = [P row-major (D × k), U row-major (k × M), b (M)].
 */
import type { SparseMatrix } from './features/sparse-matrix.ts';
import type { Objective } from './lbfgs.ts';
import { logisticObjective, type LogisticProblem } from './logistic-objective.ts';

/** Length of θ for rank k. */
export function factorParameterCount(x: SparseMatrix, M: number, k: number): number {
  return (x.hashedDim + x.extrasDim) * k + k * M + M;
}

/** The linear head's parameters [W = P·U (D × M row-major), b] of θ. */
export function collapseFactors(theta: Float64Array, D: number, M: number, k: number): Float64Array {
  const w = new Float64Array(D * M + M);
  const U = D * k;
  for (let j = 0; j < D; j++)
    for (let t = 0; t < k; t++) {
      const p = theta[j * k + t]!;
      if (p === 0) continue;
      for (let m = 0; m < M; m++) w[j * M + m]! += p * theta[U + t * M + m]!;
    }
  w.set(theta.subarray(U + k * M), D * M);
  return w;
}

/**
 * f(θ) above as an L-BFGS objective on `problem` (its `l2` is ignored: `l2` here is the factor penalty).
 * Buffers are allocated once per objective, not per evaluation.
 */
export function factorObjective(problem: LogisticProblem, k: number, l2: number): Objective {
  const { x, M } = problem;
  const D = x.hashedDim + x.extrasDim;
  const dataOnly: LogisticProblem = { ...problem, l2: new Float64Array(M) };
  const gLin = new Float64Array(D * M + M);
  const U = D * k;
  return (theta, grad) => {
    const w = collapseFactors(theta, D, M, k);
    let f = logisticObjective(dataOnly, w, gLin);
    grad.fill(0);
    for (let j = 0; j < D; j++) {
      const gRow = j * M;
      for (let t = 0; t < k; t++) {
        const p = theta[j * k + t]!;
        let gp = 0;
        for (let m = 0; m < M; m++) {
          const g = gLin[gRow + m]!;
          gp += g * theta[U + t * M + m]!;
          grad[U + t * M + m]! += p * g;
        }
        grad[j * k + t] = gp + l2 * p;
        f += 0.5 * l2 * p * p;
      }
    }
    for (let q = U; q < U + k * M; q++) {
      grad[q]! += l2 * theta[q]!;
      f += 0.5 * l2 * theta[q]! * theta[q]!;
    }
    for (let m = 0; m < M; m++) grad[U + k * M + m] = gLin[D * M + m]!;
    return f;
  };
}

/**
 * θ of rank k closest to the linear head `w` ([W, b], D × M): the truncated SVD W ≈ A·Σ·Bᵀ split evenly,
 * P = A·Σ^½, U = Σ^½·Bᵀ (the balanced split is where the factor penalty equals the nuclear norm). The
 * right singular vectors come from the eigenvectors of WᵀW (M × M, cyclic Jacobi: M is small). A warm
 * start that is deterministic and, unlike P = U = 0, not a saddle point.
 */
export function factorsFromLinear(w: Float64Array, D: number, M: number, k: number): Float64Array {
  const C = new Float64Array(M * M);
  for (let j = 0; j < D; j++)
    for (let a = 0; a < M; a++) {
      const wa = w[j * M + a]!;
      if (wa !== 0) for (let b = 0; b < M; b++) C[a * M + b]! += wa * w[j * M + b]!;
    }
  const { values, vectors } = symmetricEigen(C, M);
  const order = Array.from({ length: M }, (_, i) => i).sort((a, b) => values[b]! - values[a]! || a - b);
  const theta = new Float64Array(D * k + k * M + M);
  for (let t = 0; t < k; t++) {
    const e = order[t]!;
    const sigma = Math.sqrt(Math.max(values[e]!, 0));
    // A zero singular value leaves its factor at zero: a tiny sign-fixed seed keeps its gradient alive.
    const s = Math.max(sigma, 1e-6);
    for (let m = 0; m < M; m++) theta[D * k + t * M + m] = Math.sqrt(s) * vectors[m * M + e]!;
    for (let j = 0; j < D; j++) {
      let p = 0;
      for (let m = 0; m < M; m++) p += w[j * M + m]! * vectors[m * M + e]!;
      theta[j * k + t] = p / Math.sqrt(s);
    }
  }
  theta.set(w.subarray(D * M, D * M + M), D * k + k * M);
  return theta;
}

/** Eigenvalues and column eigenvectors (row-major [n × n], column e = vector e) of a symmetric matrix. */
export function symmetricEigen(A: Float64Array, n: number): { values: Float64Array; vectors: Float64Array } {
  const a = Float64Array.from(A);
  const v = new Float64Array(n * n);
  for (let i = 0; i < n; i++) v[i * n + i] = 1;
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    for (let p = 0; p < n; p++) for (let q = p + 1; q < n; q++) off += a[p * n + q]! ** 2;
    if (off < 1e-30) break;
    for (let p = 0; p < n; p++)
      for (let q = p + 1; q < n; q++) {
        const apq = a[p * n + q]!;
        if (Math.abs(apq) < 1e-300) continue;
        const theta = (a[q * n + q]! - a[p * n + p]!) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1),
          s = t * c;
        for (let r = 0; r < n; r++) {
          const arp = a[r * n + p]!,
            arq = a[r * n + q]!;
          a[r * n + p] = c * arp - s * arq;
          a[r * n + q] = s * arp + c * arq;
        }
        for (let r = 0; r < n; r++) {
          const apr = a[p * n + r]!,
            aqr = a[q * n + r]!;
          a[p * n + r] = c * apr - s * aqr;
          a[q * n + r] = s * apr + c * aqr;
        }
        for (let r = 0; r < n; r++) {
          const vrp = v[r * n + p]!,
            vrq = v[r * n + q]!;
          v[r * n + p] = c * vrp - s * vrq;
          v[r * n + q] = s * vrp + c * vrq;
        }
      }
  }
  return { values: Float64Array.from({ length: n }, (_, i) => a[i * n + i]!), vectors: v };
}
