import { describe, expect, it } from 'vitest';
import { fakePredictor } from '../../src/learn/predictor.ts';
import {
  calibrateLambda,
  parseMaxShare,
  routeIndex,
  routeOutcome,
  type CalibrationSet,
} from '../../src/learn/route.ts';
import { createRng } from '../../src/core/rng.ts';

describe('routing rule', () => {
  it('drives a fake predictor to hand-computed decisions, ties to the cheaper model', () => {
    const models = ['cheap', 'mid', 'dear'];
    const costUsd = [0.001, 0.004, 0.02];
    const p = fakePredictor(models, { a: [0.5, 0.7, 0.9], b: [0.8, 0.8, 0.8], c: [0.1, 0.2, 0.3] });
    const q = new Float64Array(3);
    const pick = (id: string, lambda: number): string => {
      p.predict({ id, prompt: '', task: undefined, tags: {} }, q);
      return models[routeIndex(q, 0, costUsd, lambda)]!;
    };
    // λ = 0: highest q̂ wins; b is a three-way tie → cheapest.
    expect([pick('a', 0), pick('b', 0), pick('c', 0)]).toEqual(['dear', 'cheap', 'dear']);
    // λ = 10: a scores 0.49, 0.66, 0.70 → dear; c scores 0.09, 0.16, 0.10 → mid.
    expect([pick('a', 10), pick('c', 10)]).toEqual(['dear', 'mid']);
    // λ = 20: a scores 0.48, 0.62, 0.50 → mid.
    expect(pick('a', 20)).toBe('mid');
  });

  it('summarises a λ on the calibration set from recorded outcomes', () => {
    // Two requests × two models; at λ = 0 request 0 → B (0.9 > 0.2), request 1 → A (0.6 > 0.5).
    const set: CalibrationSet = {
      models: ['A', 'B'],
      prob: Float64Array.of(0.2, 0.9, 0.6, 0.5),
      quality: Float64Array.of(0, 1, 1, 1),
      costUsd: Float64Array.of(1, 3, 1, 3),
    };
    expect(routeOutcome(set, [1, 3], 0)).toEqual({ lambda: 0, costUsd: 2, quality: 1, share: [0.5, 0.5] });
  });

  it.each([
    [
      { type: 'target-cost', costUsd: 0.004 } as const,
      (o: { costUsd: number }) => o.costUsd <= 0.004 && o.costUsd > 0.0037,
    ],
    [
      { type: 'max-share', model: 'strong', share: 0.3 } as const,
      (o: { share: readonly number[] }) => Math.abs(o.share[1]! - 0.3) <= 0.005,
    ],
    [
      { type: 'target-quality', quality: 0.6 } as const,
      (o: { quality: number }) => o.quality >= 0.6 && o.quality < 0.61,
    ],
  ])('calibrates λ to meet %o within tolerance on a synthetic set', (target, within) => {
    const rng = createRng(3);
    const n = 2000;
    const prob = new Float64Array(n * 2),
      quality = new Float64Array(n * 2),
      costUsd = new Float64Array(n * 2);
    for (let i = 0; i < n; i++) {
      const pw = rng.next(),
        ps = Math.min(1, pw + 0.3 * rng.next());
      prob[2 * i] = pw;
      prob[2 * i + 1] = ps;
      quality[2 * i] = rng.next() < pw ? 1 : 0;
      quality[2 * i + 1] = rng.next() < ps ? 1 : 0;
      costUsd[2 * i] = 0.001;
      costUsd[2 * i + 1] = 0.01;
    }
    const out = calibrateLambda({ models: ['weak', 'strong'], prob, quality, costUsd }, [0.001, 0.01], target);
    expect(out.met).toBe(true);
    expect(within(out)).toBe(true);
  });

  it.each([
    ['gpt-4', /expected <model>=<fraction>/],
    ['a=x', /expected <model>=<fraction>/],
  ])('rejects max-share %s', (s, msg) => {
    expect(() => parseMaxShare(s)).toThrow(msg);
  });

  it('parses a model id containing slashes', () => {
    expect(parseMaxShare('openai/gpt-4o=0.25')).toEqual({ model: 'openai/gpt-4o', share: 0.25 });
  });
});
