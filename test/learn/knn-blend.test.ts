import { describe, expect, it } from 'vitest';
import { fakePredictor } from '../../src/learn/predictor.ts';
import { blend, blendedPredictor, buildKnnStore, fitKnnBlend, routingAiq } from '../../src/learn/knn-blend.ts';
import { decodeKnnStore, encodeKnnStore, knnStoreSizes } from '../../src/learn/knn-store-file.ts';
import { traceOf } from '../replay/tiny-trace.ts';

/**
 * Two models, cheap `w` ($1) and dear `s` ($10). Prompts about "stars" are solved by `s` only, prompts about
 * "rivers" by both. Requests 0–7 train, 8–11 calibrate (two of each topic, worded like the training prompts).
 */
const topics = ['stars shine bright', 'rivers flow down', 'stars far away', 'rivers run deep'];
const trace = () =>
  traceOf(
    Array.from({ length: 12 }, (_, i) => topics[i % 4]!).flatMap((prompt, i) =>
      ['w', 's'].map((model) => ({
        requestId: `r${i}`,
        model,
        prompt,
        quality: model === 's' || prompt.startsWith('rivers') ? 1 : 0,
        costUsd: model === 's' ? 10 : 1,
      })),
    ),
  );
/** Model codes in the order w, s (the trace numbers models by name). */
const codes = (() => {
  const t = trace();
  return ['w', 's'].map((m) => t.modelNames.indexOf(m));
})();
const split = { train: Uint32Array.from([0, 1, 2, 3, 4, 5, 6, 7]), calibration: Uint32Array.from([8, 9, 10, 11]) };

describe('the knn blend', () => {
  it('takes knn in when the learned predictions cannot tell the prompts apart (chosen on calibration rows)', () => {
    // Constant predictions: at any λ every request goes to one model (AIQ of the single models' hull);
    // knn's neighbour means send "stars" to s and "rivers" to w: quality 1 at cost 5.5 per request.
    const calProb = Float64Array.from({ length: 8 }, () => 0.5);
    const fit = fitKnnBlend(trace(), split, codes, calProb, [1, 10]);
    expect(fit.weight).toBeGreaterThan(0);
    expect(fit.store?.vectors).toHaveLength(8);
    // Neighbour means of the calibration rows: stars → (w 0, s 1), rivers → (1, 1).
    expect([...fit.calibrationKnn]).toEqual([0, 1, 1, 1, 0, 1, 1, 1]);
    expect(fit.aiq[0]).toBeLessThan(fit.aiq[1]!);
  });

  it('keeps the plain router when it already routes the calibration rows perfectly (ties go to weight 0)', () => {
    const calProb = Float64Array.from([0.1, 0.9, 0.9, 0.6, 0.1, 0.9, 0.9, 0.6]);
    const fit = fitKnnBlend(trace(), split, codes, calProb, [1, 10]);
    expect(fit.weight).toBe(0);
    expect(fit.store).toBeUndefined();
  });

  it('is off with no weights to try', () => {
    expect(fitKnnBlend(trace(), split, codes, new Float64Array(8), [1, 10], []).weight).toBe(0);
  });

  it('blends a predictor with the neighbour means: (1 − α)·p + α·k̄', () => {
    const store = buildKnnStore(trace(), split.train, codes);
    const p = blendedPredictor(fakePredictor(['w', 's'], { q: [0.2, 0.4] }), store, 0.25);
    const out = new Float64Array(2);
    p.predict({ id: 'q', prompt: 'bright stars', task: undefined, tags: {} }, out);
    // Neighbours: the four "stars" prompts → k̄ = (0, 1).
    expect([...out]).toEqual([0.75 * 0.2, 0.75 * 0.4 + 0.25]);
    p.predict({ id: 'q', prompt: undefined, task: undefined, tags: {} }, out);
    // No prompt: the training means (w 0.5, s 1).
    expect([...out]).toEqual([0.75 * 0.2 + 0.25 * 0.5, 0.75 * 0.4 + 0.25]);
    expect([...blend(Float64Array.from([1, 0]), Float64Array.from([0, 1]), 0.5)]).toEqual([0.5, 0.5]);
  });

  it('saves and reads back its store exactly, and refuses a file of the wrong size', () => {
    const store = buildKnnStore(trace(), split.train, codes);
    const sizes = knnStoreSizes(store);
    const back = decodeKnnStore(encodeKnnStore(store), sizes);
    expect(back).toEqual(store);
    expect(decodeKnnStore(new Float64Array(3), sizes)).toMatch(/^expected \d+ values, got 3$/);
  });

  it('measures routing AIQ on the held-out rows: perfect routing of 2 models scores above both singles', () => {
    // Rows: (w fails, s solves), (both solve). Perfect: quality 1 at mean cost 5.5 → hull (1,.5)…(5.5,1)…(10,1).
    const quality = Float64Array.from([0, 1, 1, 1]);
    const perfect = routingAiq(Float64Array.from([0, 1, 1, 0.5]), quality, [1, 10]);
    // Area: (0.5+1)/2·4.5 + 1·4.5 = 7.875 over the range 9.
    expect(perfect).toBeCloseTo(7.875 / 9, 12);
  });
});
