import { describe, expect, it } from 'vitest';
import { counterfactualCost } from '../../../src/metrics/counterfactual/counterfactual-costs.ts';
import { fitLatencyModels, profileLatency } from '../../../src/metrics/counterfactual/latency-models.ts';
import { learnLengthRatios, pairKey } from '../../../src/metrics/counterfactual/length-ratios.ts';
import { CHOSEN_UNSUPPORTED, type RunDecisions } from '../../../src/replay/types.ts';
import { emptyRow, TraceBuilder } from '../../../src/traces/builder.ts';
import type { Trace } from '../../../src/traces/trace.ts';

type Row = [id: string, model: string, input: number, output: number, cost: number, latency: number];

function traceOf(rows: readonly Row[]): Trace {
  const b = new TraceBuilder();
  const src = b.addSource('t.csv');
  rows.forEach(([requestId, model, inputTokens, outputTokens, costUsd, latencyMs], i) => {
    const row = emptyRow();
    Object.assign(row, { requestId, model, inputTokens, outputTokens, costUsd, latencyMs });
    b.add(row, src, i + 2);
  });
  return b.finish();
}

describe('output-length ratios', () => {
  it('are ratios of means over shared requests, with a delta-method standard error', () => {
    // b writes 2, 4, 6 where a writes 1, 2, 3: r = 12/6 = 2, residuals 0 → se 0.
    const t = traceOf([
      ['q1', 'a', 0, 1, 0, 0],
      ['q1', 'b', 0, 2, 0, 0],
      ['q2', 'a', 0, 2, 0, 0],
      ['q2', 'b', 0, 4, 0, 0],
      ['q3', 'a', 0, 3, 0, 0],
      ['q3', 'b', 0, 6, 0, 0],
    ]);
    const r = learnLengthRatios(t);
    expect(r.get(pairKey('a', 'b'))).toEqual({ ratio: 2, se: 0, requests: 3 });
    expect(r.get(pairKey('b', 'a'))).toEqual({ ratio: 0.5, se: 0, requests: 3 });
  });
});

describe('latency models', () => {
  it('fit ttft + tokens × ms/token on the log, else come from a matching provider profile', () => {
    // 10 calls of a: latency = 200 + 20·tokens exactly.
    const t = traceOf(Array.from({ length: 10 }, (_, i): Row => [`q${i}`, 'a', 0, 10 * i, 0, 200 + 200 * i]));
    const m = fitLatencyModels(t).get('a')!;
    expect(m.ttftMs).toBeCloseTo(200, 9);
    expect(m.msPerToken).toBeCloseTo(20, 9);
    const profiles = [{ provider: 'groq', modelMatch: '70b', ttftMs: 300, tokensPerSecond: 200 }];
    expect(profileLatency(profiles, 'meta-llama/Llama-2-70b-chat', 'Groq')).toEqual({
      ttftMs: 300,
      msPerToken: 5,
      source: 'provider profile',
    });
    expect(profileLatency(profiles, 'llama-2-13b', 'groq')).toBeUndefined();
  });
});

describe('counterfactual cost of a policy on a log', () => {
  // q1 logged on a (100 in, 10 out, $1); q2 logged on b (200 in, 30 out, $2).
  const log = traceOf([
    ['q1', 'a', 100, 10, 1, 500],
    ['q2', 'b', 200, 30, 2, 700],
  ]);
  // always:b: q1 unsupported (wanted b), q2 measured.
  const run: RunDecisions = {
    policy: 'always:b',
    chosen: Int32Array.from([CHOSEN_UNSUPPORTED, 1]),
    wanted: Int32Array.from([1, 1]),
    quality: Float64Array.from([NaN, 1]),
    costUsd: Float64Array.from([NaN, 2]),
    costEstimated: new Uint8Array(2),
    latencyMs: Float64Array.from([NaN, 700]),
    propensity: Float64Array.from([1, 1]),
    calls: Float64Array.from([0, 1]),
    unsupported: 1,
    errors: 0,
  };
  const prices = { version: 't', entries: [{ model: 'b', inputUsdPerMTok: 1e4, outputUsdPerMTok: 1e5 }] };

  it('estimates the unlogged choice from input tokens, a learned ratio and prices, with the ratio CI', () => {
    const ratios = new Map([[pairKey('a', 'b'), { ratio: 3, se: 0.5, requests: 50 }]]);
    const c = counterfactualCost(log, run, { prices, ratios, profiles: [] });
    // q1 on b: (100·1e4 + 10·3·1e5)/1e6 = 1 + 3 = $4; at ratio 3 ± 0.98: 1 + 2.02 and 1 + 3.98.
    // Mean with q2's measured $2: (4 + 2)/2 = 3; CI [(3.02 + 2)/2, (4.98 + 2)/2].
    expect(c.costUsdPerRequest).toBeCloseTo(3, 12);
    expect(c.ci95![0]).toBeCloseTo(2.51, 12);
    expect(c.ci95![1]).toBeCloseTo(3.49, 12);
    expect([c.estimatedShare, c.unknown]).toEqual([0.5, 0]);
  });

  it('without a learned ratio assumes the logged length, within ×0.5–×2, and says so', () => {
    const c = counterfactualCost(log, run, { prices, ratios: new Map(), profiles: [] });
    // q1 on b: 1 + 10·1e5/1e6 = $2; bounds 1 + 0.5 and 1 + 2. Mean (2 + 2)/2.
    expect([c.costUsdPerRequest, c.ci95]).toEqual([2, [1.75, 2.5]]);
    expect(c.assumptions[0]).toMatch(/assumed as long as the logged one/);
  });
});
