import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LabError } from '../../src/core/errors.ts';
import { oracleDecisions, references, singleModelDecisions } from '../../src/metrics/references.ts';
import { summarize } from '../../src/metrics/summarize.ts';
import { CHOSEN_UNSUPPORTED } from '../../src/replay/types.ts';
import { TraceBuilder, emptyRow } from '../../src/traces/builder.ts';
import type { Trace } from '../../src/traces/trace.ts';
import { decisionsOf, MODEL_CODES, tinyTrace } from './tiny-trace.ts';

// Model codes are in name order (m, s, w), not the table's column order.
const { W, M, S } = MODEL_CODES;
const U = CHOSEN_UNSUPPORTED;
const trace = tinyTrace();

/** rows: [requestId, model, quality, costUsd, latencyMs, attempt?, status?] */
function build(rows: [string, string, number, number, number, number?, ('ok' | 'error')?][]): Trace {
  const b = new TraceBuilder();
  const src = b.addSource('t.csv');
  rows.forEach(([id, model, q, c, l, attempt, status], i) => {
    const row = emptyRow();
    Object.assign(row, {
      requestId: id,
      model,
      quality: q,
      costUsd: c,
      latencyMs: l,
      attempt: attempt ?? 1,
      status: status ?? 'ok',
    });
    b.add(row, src, i + 2);
  });
  return b.finish();
}

describe('singleModelDecisions', () => {
  it('reads each request’s row of the model and marks requests without one unsupported', () => {
    const run = singleModelDecisions(trace, 's');
    expect(run.policy).toBe('always:s');
    expect([...run.chosen]).toEqual([S, S, S, S, S, U]);
    expect([...run.costUsd]).toEqual([4, 4, 4, 4, 4, NaN]);
    expect(run.unsupported).toBe(1);
    expect([...run.calls]).toEqual([0, 5, 0]); // calls in code order m, s, w
    expect(summarize(trace, run, { seed: 1 })).toEqual(
      summarize(trace, decisionsOf(trace, 'always:s', [S, S, S, S, S, S]), { seed: 1 }),
    );
  });

  it('adds up the cost and latency of retries and answers with the last attempt', () => {
    const t = build([
      ['a', 'x', 0, 1, 10, 1, 'error'],
      ['a', 'x', 1, 2, 20, 2],
      ['b', 'x', 0, 1, 10, 1, 'error'],
    ]);
    const run = singleModelDecisions(t, 'x');
    // a: attempts 1 (error) and 2 (ok, quality 1): cost 1 + 2, latency 10 + 20. b: one failed call.
    expect([...run.quality]).toEqual([1, 0]);
    expect([...run.costUsd]).toEqual([3, 1]);
    expect([...run.latencyMs]).toEqual([30, 10]);
    expect([...run.calls]).toEqual([3]);
    expect(run.errors).toBe(1);
  });

  it('refuses a model the trace does not have', () => {
    expect(() => singleModelDecisions(trace, 'q')).toThrow(LabError);
    expect(() => singleModelDecisions(trace, 'q')).toThrow(
      'always:q: expected a model of the trace (m, s, w), got "q"',
    );
  });
});

describe('oracleDecisions', () => {
  it('picks the best quality, then the cheapest, per request', () => {
    const run = oracleDecisions(trace);
    // r1: m,s have 1 → m (1 < 4); r2: all 1 → w; r3: only s has 1; r4: w,m 0 (s unknown) → w; r5: w; r6: m.
    expect([...run.chosen]).toEqual([M, W, S, W, W, M]);
    const res = summarize(trace, run, { seed: 1 });
    expect(res.quality.mean).toBe(5 / 6);
    // cost 1 + 0.25 + 4 + 0.25 + 0.25 + 1 = 6.75; r5's 0.25 was estimated.
    expect(res.costUsd).toEqual({ total: 6.75, perRequest: 1.125, estimatedShare: 0.25 / 6.75, unknown: 0 });
    // latencies 200,100,400,100,80,250 → sorted 80,100,100,200,250,400; mean 1130/6.
    {
      const { percentiles, ...stats } = res.latencyMs!;
      expect(stats).toEqual({ mean: 1130 / 6, p50: 150, p95: 362.5, p99: 392.5 });
      // The run's 101 percentiles carry the same p50, p95 and p99 (the report's latency CDF).
      expect([percentiles!.length, percentiles![50], percentiles![95], percentiles![99]]).toEqual([
        101,
        stats.p50,
        stats.p95,
        stats.p99,
      ]);
    }
    expect(res.modelShare).toEqual({ w: 0.5, m: 2 / 6, s: 1 / 6 });
  });

  it('breaks equal quality and cost by latency, then model order, and skips unknown quality', () => {
    const t = build([
      ['fast', 'x', 1, 1, 50],
      ['fast', 'y', 1, 1, 20],
      ['fast', 'z', NaN, 0, 1],
      ['same', 'x', 1, 1, 50],
      ['same', 'y', 1, 1, 50],
      ['unknownCost', 'x', 1, NaN, 10],
      ['unknownCost', 'y', 1, 3, 90],
      ['none', 'x', NaN, 1, 1],
    ]);
    const run = oracleDecisions(t);
    // Requests in id order: fast → y (20 ms); none → unsupported; same → x (code 0); unknown cost ranks
    // after any known cost → y.
    expect([...run.chosen]).toEqual([1, U, 0, 1]);
    expect(run.unsupported).toBe(1);
  });

  it('is never beaten on quality by a single model or any decision vector at full information', () => {
    const arb = fc.record({
      models: fc.integer({ min: 1, max: 4 }),
      cells: fc.array(
        fc.array(
          fc.record({ q: fc.double({ min: 0, max: 1, noNaN: true }), c: fc.double({ min: 0, max: 10, noNaN: true }) }),
          { minLength: 4, maxLength: 4 },
        ),
        { minLength: 1, maxLength: 30 },
      ),
      picks: fc.array(fc.nat(3), { minLength: 30, maxLength: 30 }),
    });
    fc.assert(
      fc.property(arb, ({ models, cells, picks }) => {
        const rows: [string, string, number, number, number][] = [];
        cells.forEach((cs, r) => cs.slice(0, models).forEach((c, m) => rows.push([`r${r}`, `m${m}`, c.q, c.c, 1])));
        const t = build(rows);
        const oracle = summarize(t, oracleDecisions(t), { seed: 1, resamples: 10 }).quality.mean!;
        for (const model of t.modelNames) {
          expect(
            summarize(t, singleModelDecisions(t, model), { seed: 1, resamples: 10 }).quality.mean!,
          ).toBeLessThanOrEqual(oracle);
        }
        const random = decisionsOf(
          t,
          'random',
          cells.map((_, r) => picks[r]! % models),
        );
        expect(summarize(t, random, { seed: 1, resamples: 10 }).quality.mean!).toBeLessThanOrEqual(oracle);
      }),
    );
  });
});

describe('references', () => {
  it('summarises every single model in trace (name) order, the best one and the oracle', () => {
    const refs = references(trace, { seed: 1 });
    expect(refs.singles.map((s) => s.policy)).toEqual(['always:m', 'always:s', 'always:w']);
    // means: w 2/6, m 3/6, s 4/4 — but s has no row for one of the 6 requests, so it is not eligible:
    // the best single model is chosen among the full-coverage ones, w and m → m.
    expect(refs.singles.map((s) => s.quality.mean)).toEqual([0.5, 1, 2 / 6]);
    expect(refs.singles.map((s) => s.unsupported)).toEqual([0, 1, 0]);
    expect(refs.bestSingle.policy).toBe('always:m');
    expect(refs.oracle.policy).toBe('oracle');
    expect(refs.oracle.quality.mean).toBe(5 / 6);
  });

  it('breaks a tie in quality by the lower cost per request', () => {
    const t = build([
      ['a', 'dear', 1, 5, 1],
      ['a', 'cheap', 1, 2, 1],
      ['b', 'dear', 0, 5, 1],
      ['b', 'cheap', 0, 2, 1],
    ]);
    expect(references(t, { seed: 1 }).bestSingle.policy).toBe('always:cheap');
  });

  it('equals each model summarised alone when models are taken in blocks that share their columns', () => {
    // 7 models, one row each per request: blocks of ⌊8·7/37⌋ = 1 model, each lending its columns to the next.
    const rows = fc.tuple(
      fc.integer({ min: 0, max: 4 }),
      fc.integer({ min: 0, max: 6 }),
      fc.integer({ min: 1, max: 99 }),
    );
    fc.assert(
      fc.property(fc.array(rows, { minLength: 1, maxLength: 30 }), (cells) => {
        const seen = new Set<string>();
        const t = build(
          cells
            .filter(([r, m]) => !seen.has(`${r} ${m}`) && seen.add(`${r} ${m}`))
            .map(
              ([r, m, v]) =>
                [`q${r}`, `m${m}`, (v % 10) / 10, v / 1000, v * 7] as [string, string, number, number, number],
            ),
        );
        const refs = references(t, { seed: 3 });
        const alone = t.modelNames.map((m) => summarize(t, singleModelDecisions(t, m), { seed: 3 }));
        expect(refs.singles).toEqual(alone);
        expect(refs.oracle).toEqual(summarize(t, oracleDecisions(t), { seed: 3 }));
      }),
      { numRuns: 50 },
    );
  });
});
