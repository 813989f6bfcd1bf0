import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { builtinRegistry } from '../../policies/index.ts';
import { mergeShardResults, type ShardResults } from '../../src/metrics/merge-results.ts';
import { buildResults } from '../../src/metrics/results.ts';
import { shardSummary } from '../../src/metrics/shard-summary.ts';
import type { RunResult } from '../../src/metrics/types.ts';
import { resolvePolicy } from '../../src/policy/resolve-policy.ts';
import { replay } from '../../src/replay/replay.ts';
import { shardTrace } from '../../src/replay/shard.ts';
import { subsetTrace } from '../../src/replay/subset-trace.ts';
import type { RowInput } from '../../src/traces/builder.ts';
import type { Trace } from '../../src/traces/trace.ts';
import { traceOf } from '../replay/tiny-trace.ts';

const MODELS = ['a', 'b', 'c'];
const SPECS = ['random', 'weighted:a=0.2,b=0.5,c=0.3', 'threshold:score?strong=c&weak=a&threshold=0.5', 'always:b'];

/** Full-information rows with unknown values sprinkled in (quality, cost, latency may be empty). */
const rowsArb = fc
  .array(
    fc.record({
      q: fc.array(fc.constantFrom(0, 0.25, 0.3, 1, NaN), { minLength: 3, maxLength: 3 }),
      cost: fc.array(fc.constantFrom(0.1, 0.2, 0.7, 3e-7, NaN), { minLength: 3, maxLength: 3 }),
      lat: fc.array(fc.constantFrom(0, 12.5, 100, 4321.1, NaN), { minLength: 3, maxLength: 3 }),
      score: fc.integer({ min: 0, max: 9 }),
    }),
    { minLength: 1, maxLength: 25 },
  )
  .map((reqs) =>
    reqs.flatMap((x, r) =>
      MODELS.map(
        (model, m): Partial<RowInput> => ({
          requestId: `req-${r}`,
          model,
          quality: x.q[m]!,
          costUsd: x.cost[m]!,
          latencyMs: x.lat[m]!,
          tags: { score: String(x.score / 10) },
        }),
      ),
    ),
  );

async function results(trace: Trace, seed: number, shard?: { index: number; count: number }) {
  const policies = await Promise.all(SPECS.map((s) => resolvePolicy(s, builtinRegistry())));
  const runs = await replay(trace, policies, { seed });
  const base = buildResults(trace, runs, { seed, resamples: 200, path: 'tiny.csv', version: 'test' });
  return shard ? { ...base, shard: shardSummary(trace, runs, { seed, resamples: 200, shard }) } : base;
}

/** The fields a merge reproduces exactly (percentiles come from the sketch, the CI from shard resamples). */
function exactFields(r: RunResult): unknown {
  const { latencyMs, quality, ...rest } = r;
  return { ...rest, quality: { mean: quality.mean, unknown: quality.unknown }, latencyMean: latencyMs?.mean };
}

describe('replay --shard + merge', () => {
  it('gives the whole run exactly for any number of shards (counts, sums, shares, means)', async () => {
    await fc.assert(
      fc.asyncProperty(rowsArb, fc.integer({ min: 1, max: 6 }), fc.nat(), async (rows, n, seed) => {
        const trace = traceOf(rows);
        const whole = await results(trace, seed);
        const shards: ShardResults[] = [];
        for (let i = 1; i <= n; i++)
          shards.push(
            (await results(shardTrace(trace, { index: i, count: n }), seed, { index: i, count: n })) as ShardResults,
          );
        const merged = mergeShardResults(shards.reverse());
        expect(merged.trace.requests).toBe(trace.requestCount);
        expect(merged.runs.map(exactFields)).toEqual(whole.runs.map(exactFields));
        merged.runs.forEach((m, k) => {
          const w = whole.runs[k]!;
          for (const p of ['p50', 'p95', 'p99'] as const)
            if (w.latencyMs)
              expect(Math.abs(m.latencyMs![p] - w.latencyMs[p])).toBeLessThanOrEqual(0.01 * w.latencyMs[p] + 1e-9);
        });
      }),
      { numRuns: 40 },
    );
  });

  it('gives the whole run exactly for any split of the requests, and the whole CI for one shard', async () => {
    await fc.assert(
      fc.asyncProperty(rowsArb, fc.array(fc.nat(3), { maxLength: 25 }), fc.nat(), async (rows, labels, seed) => {
        const trace = traceOf(rows);
        const whole = await results(trace, seed);
        const parts = [0, 1, 2, 3]
          .map((p) => Array.from({ length: trace.requestCount }, (_, r) => r).filter((r) => (labels[r] ?? 0) === p))
          .filter((p) => p.length > 0);
        const shards: ShardResults[] = [];
        for (const [k, part] of parts.entries())
          shards.push(
            (await results(subsetTrace(trace, part), seed, { index: k + 1, count: parts.length })) as ShardResults,
          );
        expect(mergeShardResults(shards).runs.map(exactFields)).toEqual(whole.runs.map(exactFields));
        const one = mergeShardResults([(await results(trace, seed, { index: 1, count: 1 })) as ShardResults]);
        expect(one.runs.map((r) => r.quality.ci95)).toEqual(whole.runs.map((r) => r.quality.ci95));
      }),
      { numRuns: 40 },
    );
  });

  it('refuses an incomplete or mixed set of shards', async () => {
    const trace = traceOf([
      { requestId: 'r1', model: 'a', quality: 1 },
      { requestId: 'r2', model: 'a', quality: 0 },
    ]);
    const s1 = (await results(shardTrace(trace, { index: 1, count: 2 }), 0, { index: 1, count: 2 })) as ShardResults;
    const other = (await results(trace, 1, { index: 2, count: 2 })) as ShardResults;
    expect(() => mergeShardResults([s1])).toThrow(/expected shards 1\.\.2 once each.*missing 2/);
    expect(() => mergeShardResults([s1, other])).toThrow(/another seed/);
  });
});
