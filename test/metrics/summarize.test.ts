import fc from 'fast-check';
import { PolicyError } from '../../src/core/errors.ts';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/core/errors.ts';
import { summarize } from '../../src/metrics/summarize.ts';
import { CHOSEN_UNSUPPORTED } from '../../src/replay/types.ts';
import { decisionsOf, MODEL_CODES, tinyTrace } from './tiny-trace.ts';

// Model codes are in name order (m, s, w), not the table's column order.
const { W, M, S } = MODEL_CODES;
const U = CHOSEN_UNSUPPORTED;
const trace = tinyTrace();
const opts = { seed: 7 };

describe('summarize', () => {
  it('summarises always-w exactly', () => {
    const res = summarize(trace, decisionsOf(trace, 'always:w', [W, W, W, W, W, W]), opts);
    // quality 0,1,0,0,1,0 → 2/6; cost 6 × 0.25 = 1.5, of which r5's 0.25 estimated → 1/6.
    expect(res.quality.mean).toBe(2 / 6);
    expect(res.quality.unknown).toBe(0);
    expect(res.costUsd).toEqual({ total: 1.5, perRequest: 0.25, estimatedShare: 0.25 / 1.5, unknown: 0 });
    // latencies sorted 80,100,100,100,100,120: mean 600/6; p95 at h = 5·0.95 = 4.75 → 100 + 0.75·20 = 115;
    // p99 at h = 4.95 → 119.
    {
      const { percentiles, ...stats } = res.latencyMs!;
      expect(stats).toEqual({ mean: 100, p50: 100, p95: 115, p99: 119 });
      // The run's 101 percentiles carry the same p50, p95 and p99 (the report's latency CDF).
      expect([percentiles!.length, percentiles![50], percentiles![95], percentiles![99]]).toEqual([
        101,
        stats.p50,
        stats.p95,
        stats.p99,
      ]);
    }
    expect(res.modelShare).toEqual({ w: 1 });
    expect([res.unsupported, res.errors]).toEqual([0, 0]);
  });

  it('leaves unknown quality and unsupported requests out of the means and counts them', () => {
    const res = summarize(trace, decisionsOf(trace, 'always:s', [S, S, S, S, S, S]), opts);
    // r4 quality unknown, r6 has no s row: quality 1,1,1,1 over 4 known → 1, unknown 2.
    expect(res.quality).toEqual({ mean: 1, ci95: [1, 1], unknown: 2 });
    // cost 5 × 4 = 20 over 5 known requests; r6 (unsupported) unknown.
    expect(res.costUsd).toEqual({ total: 20, perRequest: 4, estimatedShare: 0, unknown: 1 });
    // latencies 400,400,400,500,600: mean 2300/5 = 460; p95 at h = 3.8 → 500 + 0.8·100; p99 at h = 3.96.
    {
      const { percentiles, ...stats } = res.latencyMs!;
      expect(stats).toEqual({ mean: 460, p50: 400, p95: 580, p99: 596 });
      // The run's 101 percentiles carry the same p50, p95 and p99 (the report's latency CDF).
      expect([percentiles!.length, percentiles![50], percentiles![95], percentiles![99]]).toEqual([
        101,
        stats.p50,
        stats.p95,
        stats.p99,
      ]);
    }
    expect(res.modelShare).toEqual({ s: 1 });
    expect(res.unsupported).toBe(1);
  });

  it('gives model shares of calls in trace model order (model names sorted)', () => {
    const res = summarize(trace, decisionsOf(trace, 'mix', [S, W, M, W, S, U]), opts);
    // 5 calls: w 2, m 1, s 2 (the unsupported r6 calls nothing).
    expect(Object.entries(res.modelShare)).toEqual([
      ['m', 0.2],
      ['s', 0.4],
      ['w', 0.4],
    ]);
  });

  it('puts the fields in the order of docs/ARCHITECTURE.md, "Results" and omits latency when no request has one', () => {
    const run = decisionsOf(trace, 'always:m', [M, M, M, M, M, M]);
    expect(Object.keys(summarize(trace, run, opts))).toEqual([
      'policy',
      'requests',
      'quality',
      'costUsd',
      'latencyMs',
      'modelShare',
      'unsupported',
      'errors',
      'errorRate',
    ]);
    run.latencyMs.fill(NaN);
    expect(summarize(trace, run, opts)).not.toHaveProperty('latencyMs');
  });

  it('gives the same object for the same seed, and a different CI for another seed', () => {
    const run = decisionsOf(trace, 'always:m', [M, M, M, M, M, M]);
    const a = summarize(trace, run, { seed: 1, by: 'task' });
    expect(JSON.stringify(summarize(trace, run, { seed: 1, by: 'task' }))).toBe(JSON.stringify(a));
    const ci = a.quality.ci95!;
    expect(ci[0]).toBeLessThanOrEqual(0.5);
    expect(ci[1]).toBeGreaterThanOrEqual(0.5);
    // Binary quality over 6 requests gives resample means k/6, whose 2.5%/97.5% points barely move with the
    // seed; graded quality shows the seed.
    run.quality.set([0.1, 0.35, 0.8, 0.05, 0.9, 0.6]);
    const [x, y] = [1, 2].map((seed) => summarize(trace, run, { seed }).quality.ci95);
    expect(x).not.toEqual(y);
  });

  it('gives identical JSON for the same seed, for any decisions', () => {
    const n = trace.requestCount;
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: -1, max: 2 }), { minLength: n, maxLength: n }),
        fc.integer(),
        (chosen, seed) => {
          const run = decisionsOf(trace, 'p', chosen);
          const once = JSON.stringify(summarize(trace, run, { seed, by: 'tenant', resamples: 50 }));
          expect(JSON.stringify(summarize(trace, run, { seed, by: 'tenant', resamples: 50 }))).toBe(once);
        },
      ),
    );
  });

  it('slices by task with keys sorted', () => {
    const res = summarize(trace, decisionsOf(trace, 'always:w', [W, W, W, W, W, W]), { seed: 1, by: 'task' });
    expect(Object.keys(res.slices!)).toEqual(['code', 'math']);
    const code = res.slices!.code!,
      math = res.slices!.math!;
    // code = r4,r5,r6: quality 0,1,0; cost 0.75 with r5's 0.25 estimated; latencies 80,100,100.
    expect(code.requests).toBe(3);
    expect(code.quality.mean).toBe(1 / 3);
    expect(code.costUsd).toEqual({ total: 0.75, perRequest: 0.25, estimatedShare: 1 / 3, unknown: 0 });
    expect(code.latencyMs!.mean).toBe(280 / 3);
    expect(code.modelShare).toEqual({ w: 1 });
    // math = r1,r2,r3: latencies 100,100,120 → p95 at h = 1.9 → 100 + 0.9·20 = 118.
    expect(math.costUsd.estimatedShare).toBe(0);
    expect(math.latencyMs!.p95).toBeCloseTo(118, 12);
  });

  it('slices by a tag column, taking the first value among a request’s rows', () => {
    const res = summarize(trace, decisionsOf(trace, 'always:m', [M, M, M, M, M, M]), { seed: 1, by: 'tenant' });
    // a = r1, r4: quality 1, 0; b = r2, r3, r5, r6: quality 1, 0, 0, 1.
    expect(res.slices!.a!.quality.mean).toBe(0.5);
    expect(res.slices!.b!.requests).toBe(4);
    expect(res.slices!.b!.quality.mean).toBe(0.5);
  });

  it('counts the final answers for slice model shares', () => {
    const res = summarize(trace, decisionsOf(trace, 'mix', [S, W, M, W, S, U]), { seed: 1, by: 'task' });
    // math = r1 s, r2 w, r3 m; code = r4 w, r5 s, r6 unsupported.
    expect(res.slices!.math!.modelShare).toEqual({ w: 1 / 3, m: 1 / 3, s: 1 / 3 });
    expect(res.slices!.code!.modelShare).toEqual({ w: 0.5, s: 0.5 });
  });

  it('refuses to slice by a column the trace does not have, naming the ones it has', () => {
    const run = decisionsOf(trace, 'always:m', [M, M, M, M, M, M]);
    expect(() => summarize(trace, run, { seed: 1, by: 'tenantt' })).toThrow(ConfigError);
    expect(() => summarize(trace, run, { seed: 1, by: 'tenantt' })).toThrow(
      '--by: expected "task" or a tag column of the trace (task, tenant), got "tenantt"',
    );
  });

  it('reports a failed run with its error and zeroed statistics', () => {
    const run = {
      ...decisionsOf(trace, 'broken', [W, W, W, W, W, W]),
      failure: new PolicyError('broken', 'r3', 'threw Error: boom', { phase: 'decide' }),
    };
    expect(summarize(trace, run, opts)).toEqual({
      policy: 'broken',
      requests: 6,
      quality: { mean: null, ci95: null, unknown: 6 },
      costUsd: { total: 0, perRequest: 0, estimatedShare: 0, unknown: 6 },
      modelShare: {},
      unsupported: 0,
      errors: 0,
      error: { policy: 'broken', phase: 'decide', requestId: 'r3', detail: 'threw Error: boom' },
    });
  });

  it('gives null quality when no request has a known quality', () => {
    const res = summarize(trace, decisionsOf(trace, 'none', [U, U, U, U, U, U]), opts);
    expect(res.quality).toEqual({ mean: null, ci95: null, unknown: 6 });
    expect(res.costUsd).toEqual({ total: 0, perRequest: 0, estimatedShare: 0, unknown: 6 });
    expect(res.modelShare).toEqual({});
  });

  it('refuses decisions of another trace', () => {
    const run = decisionsOf(trace, 'short', [W, W, W, W, W, W]);
    expect(() => summarize(trace, { ...run, chosen: run.chosen.subarray(0, 5) }, opts)).toThrow(
      /has 5 requests, the trace 6/,
    );
  });
});
