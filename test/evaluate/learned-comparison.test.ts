import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { builtinRegistry } from '../../policies/index.ts';
import { evaluateRoutingOnSplit } from '../../src/evaluate/learned-comparison.ts';
import { trainRouter } from '../../src/learn/train.ts';
import { policyMaker } from '../../src/policy/resolve-policy.ts';
import { costOf, manyModelTrace } from './many-model-trace.ts';

let dir = '';
afterAll(async () => dir && rm(dir, { recursive: true, force: true }));

describe('evaluateRouting on a many-model trace with sub-cent costs', () => {
  it('draws the learned and knn curves over the whole λ range: both reach the zero router AIQ', async () => {
    // m01 costs a billionth of a dollar more than m00: a grid ending at 2 / (least cost gap) = 2·10⁹ put nearly
    // every point past the λ ≈ 10⁴ at which the cheap models have already taken every request.
    const trace = manyModelTrace(300, 'r', (m) => (m === 1 ? costOf(0) + 1e-9 : costOf(m)));
    dir = await mkdtemp(join(tmpdir(), 'routelab-comparison-'));
    const result = await trainRouter(trace, {
      hashBits: 10,
      hidden: [16],
      epochs: 30,
      seed: 3,
      out: join(dir, 'm'),
      target: { type: 'lambda', lambda: 0 },
    });
    const e = await evaluateRoutingOnSplit(trace, join(dir, 'm'), result.manifest, result.split, {
      seed: 0,
      makePolicy: policyMaker(builtinRegistry()),
    });
    for (const c of [e.learnedCurve, e.knnCurve]) {
      expect(c.points[0]!.lambda).toBe(0);
      expect(c.points.length).toBeLessThanOrEqual(25);
      expect(c.aiq!).toBeGreaterThanOrEqual(e.zeroRouterAiq! - 1e-9);
    }
    expect(new Set(e.learnedCurve.points.map((p) => p.costUsd)).size).toBeGreaterThan(8);
  }, 120_000);
});
