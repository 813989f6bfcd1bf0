import { describe, expect, it } from 'vitest';
import { PolicyError } from '../../src/core/errors.ts';
import { buildResults } from '../../src/metrics/results.ts';
import { decisionsOf, MODEL_CODES, tinyTrace } from './tiny-trace.ts';

// Model codes are in name order (m, s, w), not the table's column order.
const { W, M, S } = MODEL_CODES;
const trace = tinyTrace();
const w = decisionsOf(trace, 'always:w', [W, W, W, W, W, W]);
const mix = decisionsOf(trace, 'mix', [M, W, S, W, W, M]); // the oracle's choices, as a policy
const dear = decisionsOf(trace, 'dear', [S, S, S, M, S, M]);
const failed = {
  ...decisionsOf(trace, 'broken', [W, W, W, W, W, W]),
  failure: new PolicyError('broken', 'r2', 'threw Error: boom', { phase: 'decide' }),
};
const options = { seed: 3, path: 'tiny.csv', version: '0.1.0', baseline: w };

describe('buildResults', () => {
  const res = buildResults(trace, [w, mix, dear, failed], options);

  it('writes the sections of docs/ARCHITECTURE.md, "Results" in a fixed order', () => {
    expect(Object.keys(res)).toEqual(['routelab', 'seed', 'trace', 'runs', 'references', 'frontier']);
    expect(res.trace).toEqual({
      path: 'tiny.csv',
      requests: 6,
      models: ['m', 's', 'w'],
      warnings: [],
      kind: 'matrix-with-gaps',
    });
    expect(res.runs.map((r) => r.policy)).toEqual(['always:w', 'mix', 'dear', 'broken']);
    expect(Object.keys(res.references)).toEqual(['oracle', 'bestSingle', 'singles']);
  });

  it('compares each run with the baseline, but not a failed one', () => {
    // mix − w quality: 1,0,1,0,0,1 → 3/6.
    expect(res.runs[1]!.vsBaseline!.qualityDiff.mean).toBe(0.5);
    expect(res.runs[0]!.vsBaseline!.qualityDiff).toEqual({ mean: 0, ci95: [0, 0], requests: 6 });
    expect(res.runs[3]!.error).toEqual({
      policy: 'broken',
      phase: 'decide',
      requestId: 'r2',
      detail: 'threw Error: boom',
    });
    expect(res.runs[3]).not.toHaveProperty('vsBaseline');
  });

  it('puts the runs on the Pareto frontier by quality and cost per request', () => {
    // always:w (1/3, 0.25), mix (5/6, 1.125), dear: quality 1,1,1,0,1,1 over r1–r6 with r4 on m → 5/6 at
    // (4+4+4+1+4+1)/6 = 3 per request: dominated by mix. The failed run is not placed.
    expect(res.frontier).toEqual(['always:w', 'mix']);
  });

  it('slices every run when asked and names the column', () => {
    const sliced = buildResults(trace, [w], { ...options, by: 'task' });
    expect(sliced.slicedBy).toBe('task');
    expect(Object.keys(sliced.runs[0]!.slices!)).toEqual(['code', 'math']);
  });

  it('gives byte-identical JSON for the same inputs and seed', () => {
    const again = buildResults(trace, [w, mix, dear, failed], options);
    expect(JSON.stringify(again)).toBe(JSON.stringify(res));
  });

  it('gives a run the same CI whichever other runs are summarised with it', () => {
    const alone = buildResults(trace, [mix], options);
    expect(alone.runs[0]).toEqual(res.runs[1]);
  });
});
