import { describe, expect, it } from 'vitest';
import { builtinRegistry } from '../../policies/index.ts';
import { loggedActions } from '../../src/metrics/ope/logged-actions.ts';
import { buildResults } from '../../src/metrics/results.ts';
import { traceKind } from '../../src/metrics/trace-kind.ts';
import { resolvePolicy } from '../../src/policy/resolve-policy.ts';
import { replay } from '../../src/replay/replay.ts';
import { emptyRow, TraceBuilder } from '../../src/traces/builder.ts';
import type { Status, Trace } from '../../src/traces/trace.ts';

type Call = [id: string, model: string, attempt: number, status: Status, quality: number, cost: number, p: number];

function logOf(calls: readonly Call[]): Trace {
  const b = new TraceBuilder();
  const src = b.addSource('log.csv');
  calls.forEach(([requestId, model, attempt, status, quality, costUsd, propensity], k) => {
    const row = emptyRow();
    Object.assign(row, { requestId, model, attempt, status, quality, costUsd, propensity, task: 't' });
    if (status !== 'ok') b.markPresent('status');
    b.add(row, src, k + 2);
  });
  return b.finish();
}

// r1 is a fallback chain: a failed (rate limited), b answered. r4's only call timed out.
const CHAIN: Call[] = [
  ['r1', 'a', 1, 'rate_limited', NaN, 0, 0.5],
  ['r1', 'b', 2, 'ok', 1, 0.5, NaN],
  ['r2', 'a', 1, 'ok', 1, 0.25, 0.5],
  ['r3', 'b', 1, 'ok', 0, 0.5, 0.5],
  ['r4', 'b', 1, 'timeout', NaN, 0, 0.5],
];

const opts = { seed: 1, resamples: 200, path: 'log.csv', version: 't' };

describe('a production log with fallbacks and failures', () => {
  const trace = logOf(CHAIN);

  it('takes the first call as the routing decision and the final call as the outcome', () => {
    const l = loggedActions(trace);
    if ('unavailable' in l) throw new Error(l.unavailable);
    expect([...l.model].map((m) => trace.modelNames[m])).toEqual(['a', 'a', 'b', 'b']);
    expect([...l.propensity]).toEqual([0.5, 0.5, 0.5, 0.5]);
    // r1: b answered after a's 429 → 1; r4 timed out → 0 (the trace grades answers).
    expect([...l.quality]).toEqual([1, 1, 0, 0]);
    expect([...l.costUsd]).toEqual([0.5, 0.25, 0.5, 0]);
  });

  it('scores a failed call 0 in the replay and reports the error rate of every run', async () => {
    const [run] = await replay(trace, [await resolvePolicy('always:a', builtinRegistry())], { seed: 0 });
    // r1: a's call failed → quality 0 (not unknown); r2: 1; r3, r4: no row for a → unsupported.
    expect([...run!.quality]).toEqual([0, 1, NaN, NaN]);
    const res = buildResults(trace, [run!], opts);
    expect(res.runs[0]!.errors).toBe(1);
    expect(res.runs[0]!.errorRate).toBe(0.5);
  });

  it('has no references, keeps partly measured runs off the frontier, and answers from the log', async () => {
    const registry = builtinRegistry();
    const runs = await replay(trace, [await resolvePolicy('always:b', registry)], { seed: 0 });
    const res = buildResults(trace, runs, opts);
    expect(res.trace.kind).toBe('log');
    expect(res.references).toEqual({});
    expect(res.frontier).toEqual([]);
    const advice = res.logged!;
    expect(advice.onPolicyPartial).toEqual({ 'always:b': 0.25 });
    // As logged: quality (1+1+0+0)/4; cost (0.5+0.25+0.5+0)/4; r4's final call failed; r1 had two calls.
    expect(advice.asLogged).toMatchObject({
      requests: 4,
      quality: 0.5,
      costUsdPerRequest: 0.3125,
      errorRate: 0.25,
      fallbackShare: 0.25,
    });
    expect(advice.propensities).toBe(true);
    expect(advice.estimates.map((e) => e.policy)).toEqual(['always:b']);
    expect(advice.cannotAnswer[0]).toMatch(/^Which single model is best/);
  });

  it('without a quality column a failure stays unknown instead of pulling the mean to 0', async () => {
    const ungraded = logOf(CHAIN.map((c) => [c[0], c[1], c[2], c[3], NaN, c[5], c[6]] as Call));
    const [run] = await replay(ungraded, [await resolvePolicy('always:a', builtinRegistry())], { seed: 0 });
    const res = buildResults(ungraded, [run!], opts);
    expect(res.runs[0]!.quality.mean).toBeNull();
    expect(res.runs[0]!.errorRate).toBe(0.5);
    expect(res.logged!.cannotAnswer.at(-1)).toMatch(/no quality column/);
  });

  it('without propensities says which questions the log cannot answer, and why', async () => {
    const bare = logOf(CHAIN.map((c) => [c[0], c[1], c[2], c[3], c[4], c[5], NaN] as Call));
    const runs = await replay(bare, [await resolvePolicy('always:b', builtinRegistry())], { seed: 0 });
    const advice = buildResults(bare, runs, opts).logged!;
    expect(advice.propensities).toBe(false);
    expect(advice.estimates).toEqual([]);
    expect(advice.asLogged?.quality).toBe(0.5);
    expect(advice.cannotAnswer[1]).toMatch(/routes differently from production.*no propensity column/);
  });
});

describe('reliability of off-policy estimates', () => {
  // 100 requests logged on a (p = 0.99) except one on b with p = 0.01: always:b has one weight of 100.
  const calls: Call[] = Array.from({ length: 100 }, (_, i) =>
    i === 0 ? [`r${i}`, 'b', 1, 'ok', 1, 1, 0.01] : [`r${i}`, 'a', 1, 'ok', i % 2, 1, 0.99],
  );
  const trace = logOf(calls);

  it('flags a policy the log almost never tried (ESS below 5% of the requests)', async () => {
    const runs = await replay(trace, [await resolvePolicy('always:b', builtinRegistry())], { seed: 0 });
    const [b] = buildResults(trace, runs, opts).logged!.estimates;
    expect(b!.reliable).toBe(false);
    expect(b!.reasons[0]).toBe('ESS 1.0 is 1.0% of the requests');
  });

  it('tells a log from an evaluation matrix with gaps, by side-by-side answers rather than completeness', () => {
    expect(traceKind(trace)).toBe('log');
    // Fallback chains (a then b at attempts 1, 2) are still a log.
    expect(traceKind(logOf(CHAIN))).toBe('log');
    // Three models, each request answered by two of them side by side (attempt 1): 67% complete, a matrix.
    const gaps: Call[] = ['q1', 'q2', 'q3'].flatMap((id, k): Call[] =>
      ['a', 'b', 'c'].filter((_, m) => m !== k).map((model): Call => [id, model, 1, 'ok', 1, 1, NaN]),
    );
    expect(traceKind(logOf(gaps))).toBe('matrix-with-gaps');
  });
});
