import { describe, expect, it } from 'vitest';
import { stratifiedMean } from '../../src/metrics/shadow-horvitz-thompson.ts';
import { planSample } from '../../src/metrics/shadow-plan-sample.ts';
import { emptyRow, TraceBuilder } from '../../src/traces/builder.ts';

describe('stratifiedMean', () => {
  it('weights each stratum by the requests it stands for and has no sampling error in a census', () => {
    // A: 2 of 4 sampled (π = 0.5), answers 1 and 0; B: 1 of 1 (π = 1), answer 1. W = 4/5 and 1/5.
    // mean = 0.8·0.5 + 0.2·1 = 0.6; var = 0.8²·(1 − 0.5)·0.5/2 + 0 = 0.08.
    const m = stratifiedMean([1, 0, 1], [0.5, 0.5, 1], ['A', 'A', 'B']);
    expect(m.mean).toBeCloseTo(0.6, 12);
    expect(m.ci95![1] - m.mean!).toBeCloseTo(1.96 * Math.sqrt(0.08), 12);
    expect([m.answered, m.represents]).toEqual([3, 5]);
  });

  it('leaves unknown answers out and says so', () => {
    expect(stratifiedMean([NaN], [0.5], ['A'])).toEqual({ mean: null, ci95: null, answered: 0, represents: 0 });
  });
});

describe('planSample', () => {
  const b = new TraceBuilder();
  const src = b.addSource('log.csv');
  for (let i = 0; i < 40; i++) {
    const row = emptyRow();
    Object.assign(row, { requestId: `r${i}`, model: 'a', task: i < 30 ? 'big' : 'small', quality: i % 2 });
    b.add(row, src, i + 2);
  }
  const trace = b.finish();

  it('allocates by slice size × spread, samples without replacement and records inclusion probabilities', () => {
    const plan = planSample(trace, { precision: 0.2, by: 'task', seed: 3 });
    // sd: big √(7.5/29) = 0.5085, small √(2.5/9) = 0.5270; ΣW·S = 0.5132, ΣW·S² = 0.2634, V = (0.2/1.96)².
    // n = ceil(0.5132² / (V + 0.2634/40)) = ceil(15.5) = 16 → big ceil(16·0.743) = 12, small ceil(16·0.257) = 5.
    expect(plan.strata.map((s) => [s.label, s.requests, s.sampled])).toEqual([
      ['big', 30, 12],
      ['small', 10, 5],
    ]);
    expect(new Set(plan.sample.map((s) => s.request)).size).toBe(17);
    expect(plan.sample.filter((s) => s.stratum === 'small').every((s) => s.probability === 0.5)).toBe(true);
    expect(plan.halfWidth).toBeLessThanOrEqual(0.2);
    expect(planSample(trace, { precision: 0.2, by: 'task', seed: 3 })).toEqual(plan);
  });

  it('takes every request when the precision needs a census', () => {
    const plan = planSample(trace, { precision: 0.001, seed: 0 });
    expect([plan.sample.length, plan.halfWidth]).toEqual([40, 0]);
  });
});
