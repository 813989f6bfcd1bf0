import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mergePartials, partialOf, runResultOf } from '../../src/metrics/merge.ts';
import { summarize } from '../../src/metrics/summarize.ts';
import type { RunDecisions } from '../../src/replay/types.ts';
import type { RunResult } from '../../src/metrics/types.ts';
import { decisionsOf, tinyTrace } from './tiny-trace.ts';

/** The decisions of the requests in `keep`, as a replay of only those requests would produce them. */
function shard(run: RunDecisions, keep: readonly number[]): RunDecisions {
  const pick = <T extends Float64Array | Int32Array | Uint8Array>(a: T): T => {
    const out = new (a.constructor as new (n: number) => T)(keep.length);
    keep.forEach((r, k) => (out[k] = a[r]!));
    return out;
  };
  const chosen = pick(run.chosen);
  const calls = new Float64Array(run.calls.length);
  for (const m of chosen) if (m >= 0) calls[m]!++;
  return {
    policy: run.policy,
    chosen,
    quality: pick(run.quality),
    costUsd: pick(run.costUsd),
    costEstimated: pick(run.costEstimated),
    latencyMs: pick(run.latencyMs),
    propensity: pick(run.propensity),
    calls,
    unsupported: chosen.filter((m) => m < 0).length,
    errors: 0,
  };
}

/** Every number of a RunResult but the CI, for comparison up to float summation order. */
function numbers(r: RunResult): number[] {
  const l = r.latencyMs;
  return [
    r.requests,
    r.quality.mean ?? NaN,
    r.quality.unknown,
    r.costUsd.total,
    r.costUsd.perRequest,
    r.costUsd.estimatedShare,
    r.costUsd.unknown!,
    ...(l ? [l.mean, l.p50, l.p95, l.p99] : []),
    ...Object.values(r.modelShare),
    r.unsupported,
    r.errors,
  ];
}

const trace = tinyTrace();

describe('mergePartials', () => {
  it('merges two shards of the tiny trace into the whole, exactly', () => {
    const run = decisionsOf(trace, 'mix', [2, 0, 1, 0, 2, -1]);
    const merged = mergePartials(partialOf(shard(run, [0, 2, 4])), partialOf(shard(run, [1, 3, 5])));
    const { quality: _q, ...whole } = summarize(trace, run, { seed: 1 });
    const { quality: _m, ...fromShards } = runResultOf(merged, trace.modelNames, null);
    expect(fromShards).toEqual(whole);
    expect(runResultOf(merged, trace.modelNames, null).quality.mean).toBe(
      summarize(trace, run, { seed: 1 }).quality.mean,
    );
  });

  it('refuses shards of different policies', () => {
    const a = partialOf(decisionsOf(trace, 'a', [0, 0, 0, 0, 0, 0]));
    const b = partialOf(decisionsOf(trace, 'b', [0, 0, 0, 0, 0, 0]));
    expect(() => mergePartials(a, b)).toThrow(/one policy/);
  });

  it('merges any two request-disjoint shards to the metrics of the whole run', () => {
    const n = trace.requestCount;
    const arb = fc.record({
      chosen: fc.array(fc.integer({ min: -1, max: 2 }), { minLength: n, maxLength: n }),
      side: fc.array(fc.boolean(), { minLength: n, maxLength: n }),
      quality: fc.array(fc.option(fc.double({ min: 0, max: 1, noNaN: true })), { minLength: n, maxLength: n }),
      costUsd: fc.array(fc.option(fc.double({ min: 0, max: 100, noNaN: true })), { minLength: n, maxLength: n }),
    });
    fc.assert(
      fc.property(arb, ({ chosen, side, quality, costUsd }) => {
        const run = decisionsOf(trace, 'p', chosen);
        // Arbitrary outcomes (some unknown) stress the sums beyond the dyadic values of the trace.
        run.quality.forEach((_, r) => (run.quality[r] = chosen[r]! < 0 ? NaN : (quality[r] ?? NaN)));
        run.costUsd.forEach((_, r) => (run.costUsd[r] = chosen[r]! < 0 ? NaN : (costUsd[r] ?? NaN)));
        const a = [...side.keys()].filter((r) => side[r]);
        const b = [...side.keys()].filter((r) => !side[r]);
        const merged = runResultOf(
          mergePartials(partialOf(shard(run, a)), partialOf(shard(run, b))),
          trace.modelNames,
          null,
        );
        const whole = summarize(trace, run, { seed: 1, resamples: 10 });
        expect(Object.keys(merged.modelShare)).toEqual(Object.keys(whole.modelShare));
        const [x, y] = [numbers(merged), numbers(whole)];
        expect(x.length).toBe(y.length);
        x.forEach((v, i) =>
          Number.isNaN(y[i]!)
            ? expect(v).toBeNaN()
            : expect(Math.abs(v - y[i]!)).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(y[i]!))),
        );
      }),
    );
  });
});
