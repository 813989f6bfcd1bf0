/**
 * Limited-memory BFGS for smooth convex objectives (Nocedal & Wright, Algorithm 7.4 with the two-loop
 * recursion), with a backtracking Armijo line search. Each evaluation of `f` is one pass over the data,
 * so the solver counts and bounds evaluations rather than iterations. Deterministic: no randomness, a
 * fixed order of every sum.
 */
export type Objective = (w: Float64Array, grad: Float64Array) => number;

export interface LbfgsOptions {
  /** Stop when max |∂f/∂w_j| ≤ gradientTolerance. */
  readonly gradientTolerance: number;
  /** Stop when the relative decrease of f in one iteration is below this. */
  readonly relativeTolerance: number;
  readonly maxEvaluations: number;
  /** Correction pairs kept. */
  readonly memory?: number;
  /**
   * Iterations taken before the gradient test may stop the solver (default 0). A warm start from a
   * neighbouring problem (the previous strength of an L2 path) can already meet an absolute gradient
   * tolerance — its gradient is only the change of penalty times w — while far from its own minimum.
   */
  readonly minIterations?: number;
}

export interface LbfgsResult {
  readonly w: Float64Array;
  readonly value: number;
  readonly evaluations: number;
  readonly iterations: number;
  /** The gradient or the relative decrease met its tolerance (not stopped by the evaluation budget). */
  readonly converged: boolean;
}

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}

function maxAbs(a: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s = Math.max(s, Math.abs(a[i]!));
  return s;
}

/** Minimises f from `w0` (not modified); returns the minimiser and how it stopped. */
export function lbfgs(f: Objective, w0: Float64Array, opts: LbfgsOptions): LbfgsResult {
  const n = w0.length,
    mem = opts.memory ?? 10;
  let w = Float64Array.from(w0);
  let g = new Float64Array(n);
  let fx = f(w, g);
  let evaluations = 1,
    iterations = 0,
    stalled = false;
  const S: Float64Array[] = [],
    Y: Float64Array[] = [],
    rho: number[] = [];
  const d = new Float64Array(n),
    alpha = new Float64Array(mem);
  let wNew = new Float64Array(n),
    gNew = new Float64Array(n);
  const minIterations = opts.minIterations ?? 0;
  while ((iterations < minIterations || maxAbs(g) > opts.gradientTolerance) && evaluations < opts.maxEvaluations) {
    // Two-loop recursion: d = −H·g with H0 = (s·y / y·y)·I from the newest pair.
    for (let i = 0; i < n; i++) d[i] = -g[i]!;
    for (let k = S.length - 1; k >= 0; k--) {
      alpha[k] = rho[k]! * dot(S[k]!, d);
      const y = Y[k]!,
        a = alpha[k]!;
      for (let i = 0; i < n; i++) d[i]! -= a * y[i]!;
    }
    const last = S.length - 1;
    const gamma = last >= 0 ? 1 / (rho[last]! * dot(Y[last]!, Y[last]!)) : 1 / Math.max(1e-12, Math.sqrt(dot(g, g)));
    for (let i = 0; i < n; i++) d[i]! *= gamma;
    for (let k = 0; k < S.length; k++) {
      const b = rho[k]! * dot(Y[k]!, d),
        s = S[k]!,
        c = alpha[k]! - b;
      for (let i = 0; i < n; i++) d[i]! += c * s[i]!;
    }
    let slope = dot(g, d);
    if (!(slope < 0)) {
      // Not a descent direction (curvature lost to rounding): restart from steepest descent.
      S.length = Y.length = rho.length = 0;
      for (let i = 0; i < n; i++) d[i] = -g[i]!;
      slope = -dot(g, g);
    }
    let step = 1,
      fNew = Infinity;
    for (let tries = 0; tries < 40 && evaluations < opts.maxEvaluations; tries++) {
      for (let i = 0; i < n; i++) wNew[i] = w[i]! + step * d[i]!;
      fNew = f(wNew, gNew);
      evaluations++;
      if (fNew <= fx + 1e-4 * step * slope) break;
      step *= 0.5;
    }
    if (!(fNew < fx)) break;
    iterations++;
    const s = new Float64Array(n),
      y = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      s[i] = wNew[i]! - w[i]!;
      y[i] = gNew[i]! - g[i]!;
    }
    const sy = dot(s, y);
    if (sy > 1e-12 * Math.sqrt(dot(s, s) * dot(y, y))) {
      if (S.length === mem) {
        S.shift();
        Y.shift();
        rho.shift();
      }
      S.push(s);
      Y.push(y);
      rho.push(1 / sy);
    }
    const decrease = (fx - fNew) / Math.max(Math.abs(fx), Math.abs(fNew), 1e-300);
    [w, wNew] = [wNew, w];
    [g, gNew] = [gNew, g];
    fx = fNew;
    if (decrease < opts.relativeTolerance) {
      stalled = true;
      break;
    }
  }
  return { w, value: fx, evaluations, iterations, converged: stalled || maxAbs(g) <= opts.gradientTolerance };
}
