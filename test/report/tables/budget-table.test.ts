import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { runsFrontier } from '../../../src/metrics/pareto.ts';
import type { ReplayResults, RunResult } from '../../../src/metrics/types.ts';
import { bestPolicyPerBudget } from '../../../src/report/tables/budget-table.ts';
import { replay } from '../fixtures.ts';

/** A run of 10 requests on a coarse grid, so equal points (ties) are common. */
function run(policy: string, quality: number | null, costUsd: number, costKnown: boolean, failed: boolean): RunResult {
  return {
    policy,
    requests: 10,
    quality: { mean: quality, ci95: null, unknown: quality === null ? 10 : 0 },
    costUsd: {
      total: costKnown ? costUsd * 10 : 0,
      perRequest: costKnown ? costUsd : 0,
      estimatedShare: 0,
      unknown: costKnown ? 0 : 10,
    },
    modelShare: {},
    unsupported: 0,
    errors: 0,
    ...(failed ? { error: { policy, phase: 'decide' as const, requestId: null, detail: 'failed' } } : {}),
  };
}

const results = (runs: RunResult[]): ReplayResults => ({
  ...replay(),
  runs,
  references: {},
  frontier: runsFrontier(runs),
});

describe('budget table and the results frontier', () => {
  it('recommend the same runs in the same order (failed, unknown and tied runs among them; no references)', () => {
    const spec = fc.record({
      quality: fc.option(
        fc.integer({ min: 0, max: 4 }).map((q) => q / 4),
        { freq: 6 },
      ),
      costUsd: fc.integer({ min: 0, max: 4 }).map((c) => c / 1000),
      costKnown: fc.boolean(),
    });
    fc.assert(
      fc.property(fc.array(spec, { maxLength: 20 }), fc.array(fc.boolean(), { maxLength: 20 }), (specs, fails) => {
        const runs = specs.map((s, i) => run(`p${i}`, s.quality, s.costUsd, s.costKnown, fails[i] ?? false));
        const r = results(runs);
        expect(bestPolicyPerBudget(r).map((c) => c.policy)).toEqual(r.frontier);
      }),
    );
  });

  it('gives one row to two runs of equal quality and cost: the first', () => {
    const r = results([run('a', 0.5, 0.001, true, false), run('b', 0.5, 0.001, true, false)]);
    expect(bestPolicyPerBudget(r).map((c) => c.policy)).toEqual(['a']);
  });

  it('does not recommend a run of unknown cost as the cheapest one', () => {
    // Before: the unknown cost read as $0 per request and 'learned' topped a "≤ $0" budget row.
    const r = results([run('cheap', 0.5, 0.001, true, false), run('learned', 0.9, 0, false, false)]);
    expect(bestPolicyPerBudget(r).map((c) => c.policy)).toEqual(['cheap']);
    expect(r.frontier).toEqual(['cheap']);
  });
});
