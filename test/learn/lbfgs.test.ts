import { describe, expect, it } from 'vitest';
import { lbfgs } from '../../src/learn/lbfgs.ts';

/** f(w) = Σ_i c_i (w_i − 1)² / 2: minimum at w = 1, gradient c_i (w_i − 1). */
const quadratic =
  (c: readonly number[]) =>
  (w: Float64Array, g: Float64Array): number => {
    let f = 0;
    for (let i = 0; i < w.length; i++) {
      g[i] = c[i]! * (w[i]! - 1);
      f += (c[i]! * (w[i]! - 1) ** 2) / 2;
    }
    return f;
  };

describe('lbfgs', () => {
  const opts = { gradientTolerance: 1e-3, relativeTolerance: 1e-12, maxEvaluations: 100 };
  // A warm start whose gradient is already under the tolerance although w is 0.5 from the minimum in
  // a flat direction (c = 1e-3: gradient 5e-4), as the next strength of an L2 path starts.
  const flat = quadratic([1e-3, 1]);
  const start = Float64Array.of(0.5, 1);

  it('stops at once when the start meets the gradient tolerance and no step is required', () => {
    const r = lbfgs(flat, start, opts);
    expect(r.iterations).toBe(0);
    expect(r.evaluations).toBe(1);
    expect([...r.w]).toEqual([0.5, 1]);
  });

  it('takes minIterations steps from such a start, and they move toward the minimum', () => {
    const r = lbfgs(flat, start, { ...opts, minIterations: 1 });
    expect(r.iterations).toBeGreaterThanOrEqual(1);
    // The first step goes along −g (scaled to unit length, then halved until f decreases enough).
    expect(Math.abs(r.w[0]! - 1)).toBeLessThan(0.5);
    expect(r.value).toBeLessThan(flat(start, new Float64Array(2)));
  });

  it('ends without looping when the start is the exact minimum, minIterations or not', () => {
    const r = lbfgs(flat, Float64Array.of(1, 1), { ...opts, minIterations: 3 });
    expect(r.iterations).toBe(0);
    expect([...r.w]).toEqual([1, 1]);
  });
});
