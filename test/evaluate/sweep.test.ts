import fc from 'fast-check';
import { policyMaker } from '../../src/policy/resolve-policy.ts';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/core/errors.ts';
import { sweep } from '../../src/evaluate/sweep.ts';
import { PolicyRegistry } from '../../src/policy/registry.ts';
import { builtinPolicies, builtinRegistry } from '../../policies/index.ts';
import { threshold } from '../../policies/threshold.ts';
import { summarize } from '../../src/metrics/summarize.ts';
import type { SweepResults } from '../../src/metrics/types.ts';
import type { PolicySpec } from '../../src/policy/spec.ts';
import type { Policy } from '../../src/policy/types.ts';
import { replay } from '../../src/replay/replay.ts';
import { tinyTrace, traceOf } from '../replay/tiny-trace.ts';

const registry = builtinRegistry();
// The threshold policy without its fast-path hook: every point is an ordinary replay.
const slowRegistry = new PolicyRegistry(builtinPolicies.filter((d) => d.name !== 'threshold')).register({
  ...threshold,
  factory: async (options, arg) => {
    const { twoModelScores: _, ...rest } = await threshold.factory(options, arg);
    return rest;
  },
});

describe('sweep', () => {
  it('computes the threshold curve and its summaries exactly', async () => {
    const r = await sweep(
      tinyTrace(),
      'threshold:score?strong=c&weak=a',
      'threshold',
      [-Infinity, 0.15, 0.5, 0.95, Infinity],
      { seed: 1, makePolicy: policyMaker(registry) },
    );
    // scores .9 .2 .6 .1; a: q 0 1 0 1, $1; c: q 1 1 1 0, $4.
    // −∞: all c → q 3/4, $16. 0.15: r1 r2 r3 strong → q 4/4, $13. 0.5: r1 r3 → q 1, $10. ≥ .95: all a → q .5, $4.
    expect(r.points.map(({ ci95: _, ...p }) => p)).toEqual([
      { value: -Infinity, quality: 0.75, costUsd: 16, modelShare: { c: 1 } },
      { value: 0.15, quality: 1, costUsd: 13, modelShare: { a: 0.25, c: 0.75 } },
      { value: 0.5, quality: 1, costUsd: 10, modelShare: { a: 0.5, c: 0.5 } },
      { value: 0.95, quality: 0.5, costUsd: 4, modelShare: { a: 1 } },
      { value: Infinity, quality: 0.5, costUsd: 4, modelShare: { a: 1 } },
    ]);
    expect([r.strong, r.weak]).toEqual(['c', 'a']);
    // Strong share x: (0,.5) (.5,1) (.75,1) (1,.75). AUC = .375 + .25 + .21875 = .84375; APGR = (.84375 − .5)/(.75 − .5) = 1.375.
    expect(r.apgr).toBeCloseTo(1.375, 12);
    // Targets .5 + f·.25 on the running best (0,.5)→(.5,1): x = (target − .5)/.5 · .5 → .125, .2, .2375.
    expect(r.cpt['50']).toBeCloseTo(0.125, 12);
    expect(r.cpt['80']).toBeCloseTo(0.2, 12);
    expect(r.cpt['95']).toBeCloseTo(0.2375, 12);
    // Hull (4,.5) (10,1), flat to 16: area .75·6 + 1·6 = 10.5 over 12 → .875.
    expect(r.aiq).toBeCloseTo(0.875, 12);
    expect(r.policy).toBe('threshold:score?strong=c&weak=a');
  });

  it('gives the same points through the fast path as through replays', async () => {
    const rowsArb = fc.array(
      fc.record({
        qa: fc.constantFrom(0, 1, NaN),
        qc: fc.constantFrom(0, 0.5, 1),
        ca: fc.integer({ min: 1, max: 5 }),
        cc: fc.integer({ min: 5, max: 9 }),
        s: fc.integer({ min: 0, max: 20 }),
      }),
      { minLength: 1, maxLength: 25 },
    );
    await fc.assert(
      fc.asyncProperty(
        rowsArb,
        fc.array(fc.integer({ min: -2, max: 22 }), { minLength: 1, maxLength: 6 }),
        async (reqs, ts) => {
          const trace = traceOf(
            reqs.flatMap((x, r) => [
              { requestId: `r${r}`, model: 'a', quality: x.qa, costUsd: x.ca, tags: { s: String(x.s / 20) } },
              { requestId: `r${r}`, model: 'c', quality: x.qc, costUsd: x.cc },
            ]),
          );
          const values = ts.map((t) => t / 20);
          const fast = await sweep(trace, 'threshold:s?strong=c&weak=a', 'threshold', values, {
            seed: 1,
            makePolicy: policyMaker(registry),
          });
          const slow = await sweep(trace, 'threshold:s?strong=c&weak=a', 'threshold', values, {
            seed: 1,
            makePolicy: policyMaker(slowRegistry),
          });
          fast.points.forEach((p, i) => {
            const q = slow.points[i]!;
            expect(p.modelShare).toEqual(q.modelShare);
            expect(p.costUsd).toBe(q.costUsd);
            if (q.quality === null) expect(p.quality).toBeNull();
            else expect(p.quality!).toBeCloseTo(q.quality, 12);
          });
        },
      ),
      { numRuns: 40 },
    );
  });

  it('picks an auto threshold grid from −∞ through the score quantiles to +∞', async () => {
    const r = await sweep(tinyTrace(), 'threshold:score?strong=c&weak=a', 'threshold', 'auto', {
      seed: 1,
      makePolicy: policyMaker(registry),
      points: 5,
    });
    // sorted scores .1 .2 .6 .9 → quantiles 0, .5, 1 = .1, .4, .9.
    expect(r.points.map((p) => p.value)).toEqual([-Infinity, 0.1, 0.4, 0.9, Infinity]);
  });

  it('replays each point for a policy without the fast path', async () => {
    const r = await sweep(tinyTrace(), 'cascade:a>c?epsilon=0', 'epsilon', [0, 1], {
      seed: 1,
      makePolicy: policyMaker(registry),
    });
    // ε 0: costs 5 1 5 1, all right. ε 1: a's verdicts inverted → a c a c: quality (0+1+0+0)/4, cost 1+5+1+5.
    expect(r.points.map((p) => [p.quality, p.costUsd])).toEqual([
      [1, 12],
      [0.25, 12],
    ]);
  });

  it('sweeps a positional argument named by the policy', async () => {
    const r = await sweep(tinyTrace(), 'budget:6?window=requests:2', 'budget', [6, 100], {
      seed: 1,
      makePolicy: policyMaker(registry),
      train: tinyTrace(),
    });
    // $6 per 2 requests → c a c a ($10); $100 → always c ($16).
    expect(r.points.map((p) => p.costUsd)).toEqual([10, 16]);
  });

  it('finds an auto lambda grid from 0 to where every request goes to one model', async () => {
    const test = traceOf(
      ['prove it', 'hello', 'zzz'].flatMap((prompt, i) =>
        ['a', 'b', 'c'].map((model, m) => ({ requestId: `t${i}`, model, prompt, quality: 1, costUsd: [1, 2, 4][m]! })),
      ),
    );
    const r = await sweep(test, 'knn?k=2', 'lambda', 'auto', {
      seed: 1,
      makePolicy: policyMaker(registry),
      train: tinyTrace(),
      points: 4,
    });
    expect(r.points[0]!.value).toBe(0);
    expect(r.points[3]!.modelShare).toEqual({ a: 1 });
    expect(r.points[0]!.modelShare).not.toEqual({ a: 1 });
  });

  it('gives each point the bootstrap CI a replay of that policy gets from summarize', async () => {
    const makePolicy = policyMaker(registry);
    const check = async (r: SweepResults, spec: (v: number) => string) => {
      for (const p of r.points) {
        const [run] = await replay(tinyTrace(), [await makePolicy(spec(p.value))], { seed: 7 });
        expect(p.ci95).toEqual(summarize(tinyTrace(), run!, { seed: 7 }).quality.ci95);
        expect(p.ci95![0]).toBeLessThanOrEqual(p.ci95![1]);
      }
    };
    const values = [-Infinity, 0.15, 0.5, Infinity];
    // Fast path (threshold) and replayed points (cascade ε) alike.
    const t = 'threshold:score?strong=c&weak=a';
    await check(
      await sweep(tinyTrace(), t, 'threshold', values, { seed: 7, makePolicy }),
      (v) => `${t}&threshold=${v}`,
    );
    const c = 'cascade:a>c?accept=judge&epsilon=0';
    await check(
      await sweep(tinyTrace(), c, 'epsilon', [0, 0.5], { seed: 7, makePolicy }),
      (v) => `cascade:a>c?accept=judge&epsilon=${v}`,
    );
  });

  it('records a failing point with its error and keeps the others', async () => {
    // A policy that breaks at x = 2 only: its point fails, the sweep goes on.
    const makePolicy = async (spec: PolicySpec): Promise<Policy> => ({
      name: `flaky?x=${spec.options.x}`,
      decide: () => {
        if (spec.options.x === '2') throw new Error('x = 2 is not supported');
        return { type: 'model', model: 'a' };
      },
    });
    const r = await sweep(tinyTrace(), 'flaky', 'x', [1, 2, 3], { seed: 1, makePolicy });
    expect(r.points.map((p) => p.value)).toEqual([1, 3]);
    expect(r.failures).toHaveLength(1);
    expect(r.failures![0]!.value).toBe(2);
    expect(r.failures![0]!.error).toContain('x = 2 is not supported');
    expect(r.aiq).toBeNull(); // both points are always:a, one cost
  });

  it.each([
    [
      'k',
      'auto',
      'sweep --param k: no auto grid is defined for it (auto knows threshold, epsilon, lambda); give --values v1,v2,…',
    ],
    ['epsilon', [], 'sweep --param epsilon: expected at least one value in --values, got none'],
  ])('refuses --param %s --values %j', async (param, values, message) => {
    const attempt = sweep(tinyTrace(), 'cascade:a>c?epsilon=0', param, values as number[] | 'auto', {
      seed: 1,
      makePolicy: policyMaker(registry),
    });
    await expect(attempt).rejects.toThrow(ConfigError);
    await expect(
      sweep(tinyTrace(), 'cascade:a>c?epsilon=0', param, values as number[] | 'auto', {
        seed: 1,
        makePolicy: policyMaker(registry),
      }),
    ).rejects.toThrow(message);
  });
});
