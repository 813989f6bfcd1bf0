import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { builtinRegistry } from '../../policies/index.ts';
import { mergeShardResults, type ShardResults } from '../../src/metrics/merge-results.ts';
import { buildResults } from '../../src/metrics/results.ts';
import { timeRange } from '../../src/metrics/share-over-time.ts';
import { shardSummary } from '../../src/metrics/shard-summary.ts';
import type { ReplayResults } from '../../src/metrics/types.ts';
import { resolvePolicy } from '../../src/policy/resolve-policy.ts';
import { replay } from '../../src/replay/replay.ts';
import { shardTrace } from '../../src/replay/shard.ts';
import { subsetTrace } from '../../src/replay/subset-trace.ts';
import type { RowInput } from '../../src/traces/builder.ts';
import type { Trace } from '../../src/traces/trace.ts';
import { traceOf } from '../replay/tiny-trace.ts';

const MODELS = ['a', 'b', 'c'];
const SPECS = ['random', 'cheapest', 'weighted:a=0.2,b=0.5,c=0.3', 'threshold:score?strong=c&weak=a', 'always:b'];
const RESAMPLES = 100;

/** Matrices with gaps (a cell may be missing: unsupported decisions, or a log when most requests have one row). */
const rowsArb = fc
  .array(
    fc.record({
      cells: fc.array(
        fc.record({
          present: fc.boolean(),
          q: fc.constantFrom(0, 0.25, 1, NaN),
          cost: fc.constantFrom(0.1, 0.2, 3e-7, NaN),
          lat: fc.constantFrom(0, 12.5, 100, 4321.1, NaN),
        }),
        { minLength: 3, maxLength: 3 },
      ),
      score: fc.integer({ min: 0, max: 9 }),
      team: fc.constantFrom('x', 'y', 'z', ''),
      // Arrival minutes over a few hours (share over time), sometimes unknown.
      minute: fc.option(fc.integer({ min: 0, max: 400 }), { nil: undefined }),
    }),
    { minLength: 1, maxLength: 20 },
  )
  .map((reqs) =>
    reqs.flatMap((x, r) =>
      x.cells.flatMap((c, m): Partial<RowInput>[] =>
        c.present || m === r % 3
          ? [
              {
                requestId: `req-${r}`,
                model: MODELS[m]!,
                quality: c.q,
                costUsd: c.cost,
                latencyMs: c.lat,
                tags: { score: String(x.score / 10), team: x.team },
                timestampMs: x.minute === undefined ? NaN : Date.UTC(2026, 0, 1) + x.minute * 60_000,
              },
            ]
          : [],
      ),
    ),
  );

/** Results as `replay` writes them: the whole run, or one shard with its mergeable state. */
async function results(part: Trace, whole: Trace, seed: number, shard = { index: 1, count: 1 }, isShard = false) {
  const policies = await Promise.all(SPECS.map((s) => resolvePolicy(s, builtinRegistry())));
  const runs = await replay(part, policies, { seed, catalogTrace: whole });
  const options = { seed, resamples: RESAMPLES, by: 'team' };
  const base = buildResults(part, runs, { ...options, path: 'tiny.csv', version: 'test' });
  const range = timeRange(whole);
  const state = { ...options, shard, ...(range ? { timeRange: range } : {}) };
  return isShard ? ({ ...base, shard: shardSummary(part, runs, state) } as ShardResults) : base;
}

type Json = Record<string, unknown>;
/**
 * The results without what a merge gives approximately: latency percentiles (DDSketch, checked apart), the CI
 * when there are several shards (a stratified bootstrap), and what it does not carry (the log's `logged`
 * advice, the `merged` note).
 */
function exactPart(r: ReplayResults, keepCi: boolean): unknown {
  return JSON.parse(
    JSON.stringify(r, (key, value: unknown) => {
      if (key === 'merged' || key === 'logged') return undefined;
      if (key === 'ci95' && !keepCi) return undefined;
      if (key === 'latencyMs' && value) {
        const { mean } = value as Json;
        return { mean };
      }
      return value;
    }),
  );
}

/** Every latency percentile of `merged` within the sketch's 1% of the whole run's. */
function expectPercentilesClose(merged: ReplayResults, whole: ReplayResults): void {
  const latencies = (r: ReplayResults): number[] => {
    const out: number[] = [];
    JSON.stringify(r, (key, value: unknown) => {
      if (key === 'latencyMs' && value) {
        const l = value as { p50: number; p95: number; p99: number; percentiles?: number[] };
        out.push(l.p50, l.p95, l.p99, ...(l.percentiles ?? []));
      }
      return key === 'merged' || key === 'logged' ? undefined : value;
    });
    return out;
  };
  const [m, w] = [latencies(merged), latencies(whole)];
  expect(m.length).toBe(w.length);
  m.forEach((v, k) => expect(Math.abs(v - w[k]!)).toBeLessThanOrEqual(0.01 * w[k]! + 1e-9));
}

describe('merge of shards = the whole run (references, slices, share over time, frontier, trace kind)', () => {
  it('for any number of shards by request-id hash', async () => {
    await fc.assert(
      fc.asyncProperty(rowsArb, fc.integer({ min: 1, max: 5 }), fc.nat(), async (rows, n, seed) => {
        const trace = traceOf(rows);
        const whole = await results(trace, trace, seed);
        const shards: ShardResults[] = [];
        for (let i = 1; i <= n; i++) {
          const shard = { index: i, count: n };
          shards.push((await results(shardTrace(trace, shard), trace, seed, shard, true)) as ShardResults);
        }
        const merged = mergeShardResults(shards.reverse());
        expect(exactPart(merged, n === 1)).toEqual(exactPart(whole, n === 1));
        expectPercentilesClose(merged, whole);
      }),
      { numRuns: 30 },
    );
  });

  it('for any split of the requests, references included (none on a log)', async () => {
    await fc.assert(
      fc.asyncProperty(rowsArb, fc.array(fc.nat(3), { maxLength: 20 }), fc.nat(), async (rows, labels, seed) => {
        const trace = traceOf(rows);
        const whole = await results(trace, trace, seed);
        const parts = [0, 1, 2, 3]
          .map((p) => Array.from({ length: trace.requestCount }, (_, r) => r).filter((r) => (labels[r] ?? 0) === p))
          .filter((p) => p.length > 0);
        const shards: ShardResults[] = [];
        for (const [k, part] of parts.entries()) {
          const shard = { index: k + 1, count: parts.length };
          shards.push((await results(subsetTrace(trace, part), trace, seed, shard, true)) as ShardResults);
        }
        const merged = mergeShardResults(shards);
        expect(exactPart(merged, parts.length === 1)).toEqual(exactPart(whole, parts.length === 1));
        expect(merged.references.oracle === undefined).toBe(whole.trace.kind === 'log');
      }),
      { numRuns: 30 },
    );
  });
});
