import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { lambdaGrid } from '../../src/evaluate/lambda-grid.ts';
import { builtinRegistry } from '../../policies/index.ts';
import { sweep } from '../../src/evaluate/sweep.ts';
import { aiq } from '../../src/metrics/curves.ts';
import { costStats, qualityStats, slicePartialOf } from '../../src/metrics/merge.ts';
import { singleModelDecisions } from '../../src/metrics/references.ts';
import { policyMaker } from '../../src/policy/resolve-policy.ts';
import type { PolicySpec } from '../../src/policy/spec.ts';
import type { Policy } from '../../src/policy/types.ts';
import type { Trace } from '../../src/traces/trace.ts';
import { costOf, kindOf, MODELS, manyModelTrace, qualityOf } from './many-model-trace.ts';

/**
 * A fake learned router: the true per-kind quality as its prediction, argmax q̂ − λ·cost, ties to the cheaper
 * model — the rule of `learned:` without a trained network.
 */
async function fakeLearned(spec: PolicySpec): Promise<Policy> {
  const lambda = Number(spec.options.lambda ?? 0);
  return {
    name: `fake-learned?lambda=${lambda}`,
    decide: (req) => {
      const d = kindOf(Number(req.id.slice(1)));
      let best = 0;
      for (let m = 1; m < MODELS.length; m++)
        if (qualityOf(m, d) - lambda * costOf(m) > qualityOf(best, d) - lambda * costOf(best)) best = m;
      return { type: 'model', model: MODELS[best]! };
    },
  };
}

/** AIQ of random mixing of the single models (the "zero router"), over total cost like a sweep's points. */
function zeroRouterAiq(trace: Trace): number {
  const singles = trace.modelNames.map((m) => {
    const p = slicePartialOf(singleModelDecisions(trace, m));
    return { costUsd: costStats(p).total, quality: qualityStats(p, null).mean! };
  });
  return aiq(singles)!;
}

describe('the auto λ grid on a many-model trace with sub-cent costs', () => {
  const test = manyModelTrace(60, 't');
  const train = manyModelTrace(200, 'r');

  it.each([
    ['a learned router', 'fake-learned', fakeLearned],
    ['knn', 'knn?k=5', policyMaker(builtinRegistry())],
  ])('spans %s from λ = 0 to all-cheapest and reaches the zero router AIQ', async (_, spec, makePolicy) => {
    const r = await sweep(test, spec, 'lambda', 'auto', { seed: 1, makePolicy, train });
    const values = r.points.map((p) => p.value);
    expect(values[0]).toBe(0);
    expect(values).toEqual([...values].sort((a, b) => a - b));
    expect(r.points[0]!.modelShare).toEqual({ m10: 1 });
    expect(r.points[r.points.length - 1]!.modelShare).toEqual({ m00: 1 });
    // Points sit where shares change (each kind steps down its models as λ grows), few on the flat ends: at
    // least 14 distinct share vectors among the 21 points, at most 3 with λ = 0's shares, 1 all-cheapest.
    const shares = r.points.map((p) => JSON.stringify(p.modelShare));
    expect(new Set(shares).size).toBeGreaterThanOrEqual(14);
    expect(shares.filter((s) => s === shares[0]).length).toBeLessThanOrEqual(3);
    expect(shares.filter((s) => s === shares[shares.length - 1]).length).toBe(1);
    expect(r.aiq).not.toBeNull();
    expect(r.aiq!).toBeGreaterThanOrEqual(zeroRouterAiq(test) - 1e-12);
    // Grid values are short decimals, not float noise such as 0.025599999999999998.
    for (const v of values) expect(Number(v.toPrecision(6))).toBe(v);
  });
});

describe('lambdaGrid', () => {
  it('ends where the cheapest model takes every request, at any cost scale, with clean increasing values', async () => {
    const arb = fc.record({
      q: fc.array(fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 12, maxLength: 12 }), {
        minLength: 1,
        maxLength: 30,
      }),
      models: fc.integer({ min: 2, max: 12 }),
      scale: fc.constantFrom(1e-7, 1e-4, 1, 1e3),
      points: fc.integer({ min: 3, max: 25 }),
    });
    await fc.assert(
      fc.asyncProperty(arb, async ({ q, models, scale, points }) => {
        // Costs scale·(1, 2, …): argmax q − λ·cost per request, ties to the cheaper model.
        const names = Array.from({ length: models }, (_, m) => `m${m}`);
        const shares = async (lambda: number) => {
          const out: Record<string, number> = {};
          for (const row of q) {
            let best = 0;
            for (let m = 1; m < models; m++)
              if (row[m]! - lambda * scale * (m + 1) > row[best]! - lambda * scale * (best + 1)) best = m;
            out[names[best]!] = (out[names[best]!] ?? 0) + 1;
          }
          for (const m of Object.keys(out)) out[m]! /= q.length;
          return out;
        };
        const grid = await lambdaGrid(shares, { points, modelsByCost: names, costSpreadUsd: scale * (models - 1) });
        expect(grid[0]).toBe(0);
        expect(grid.length).toBeLessThanOrEqual(points);
        for (let i = 1; i < grid.length; i++) expect(grid[i]!).toBeGreaterThan(grid[i - 1]!);
        for (const v of grid) expect(Number(v.toPrecision(6))).toBe(v);
        expect(await shares(grid[grid.length - 1]!)).toEqual({ m0: 1 });
      }),
      { numRuns: 60 },
    );
  });
});
