import { describe, expect, it } from 'vitest';
import { builtinRegistry } from '../../policies/index.ts';
import { createRng } from '../../src/core/rng.ts';
import { type PolicyValidity, opeValidity } from '../../src/metrics/ope/validity.ts';
import { resolvePolicy } from '../../src/policy/resolve-policy.ts';
import { emptyRow, TraceBuilder } from '../../src/traces/builder.ts';
import type { Trace } from '../../src/traces/trace.ts';

/**
 * A full-information trace of 300 requests × 3 models in 3 tasks. Quality is Bernoulli with a probability
 * that depends on task and model *and* on a per-request difficulty, so the reward model (per task × model
 * means) is wrong for every single request — the case DR must still get right through its weights.
 */
function syntheticTrace(): Trace {
  const rng = createRng(42);
  const b = new TraceBuilder();
  const src = b.addSource('synthetic.csv');
  const base: Record<string, number[]> = { easy: [0.6, 0.8, 0.9], mid: [0.3, 0.6, 0.8], hard: [0.1, 0.3, 0.6] };
  const tasks = Object.keys(base);
  let line = 1;
  for (let r = 0; r < 300; r++) {
    const task = tasks[r % 3]!;
    const difficulty = rng.next() * 0.4 - 0.2;
    ['a', 'b', 'c'].forEach((model, m) => {
      const p = Math.min(1, Math.max(0, base[task]![m]! - difficulty));
      const row = emptyRow();
      Object.assign(row, { requestId: `q${r}`, model, task, quality: rng.next() < p ? 1 : 0, costUsd: [1, 2, 4][m]! });
      b.add(row, src, ++line);
    });
  }
  return b.finish();
}

describe('off-policy estimates over 500 seeded logs with a known non-uniform logging policy', () => {
  it('are unbiased within their standard errors, and DR 95% CIs cover the truth 93–97% of the time', async () => {
    const trace = syntheticTrace();
    const registry = builtinRegistry();
    const specs = ['always:a', 'always:b', 'always:c', 'random'];
    const policies = await Promise.all(specs.map((s) => resolvePolicy(s, registry)));
    const rows: PolicyValidity[] = await opeValidity(trace, { a: 0.6, b: 0.3, c: 0.1 }, policies, {
      logs: 500,
      resamples: 400,
    });
    for (const r of rows) {
      for (const k of ['ips', 'snips', 'dr'] as const) {
        expect(Math.abs(r[k].bias), `${r.policy} ${k}: bias ${r[k].bias}, se ${r[k].se}`).toBeLessThanOrEqual(
          3 * r[k].se,
        );
      }
      expect(r.dr.coverage, `${r.policy} DR coverage`).toBeGreaterThanOrEqual(0.93);
      expect(r.dr.coverage, `${r.policy} DR coverage`).toBeLessThanOrEqual(0.97);
    }
  }, 120_000);
});
