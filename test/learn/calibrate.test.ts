import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { applyCalibration, fitIsotonic, fitTemperature } from '../../src/learn/calibrate.ts';
import { auc, probabilityMetrics } from '../../src/learn/probability-metrics.ts';
import { readEmbeddingFile } from '../../src/learn/features/embeddings.ts';

describe('calibration and probability metrics', () => {
  it('pools adjacent violators into a non-decreasing step map', () => {
    // Scores sorted: labels 0, 1, 0, 1 → the middle pair (1, 0) violates and pools to 0.5 at x = (0.4+0.6)/2.
    expect(fitIsotonic([0.2, 0.4, 0.6, 0.8], [0, 1, 0, 1])).toEqual({ x: [0.2, 0.5, 0.8], y: [0, 0.5, 1] });
  });

  it('interpolates the isotonic map and clamps outside it', () => {
    const c = { type: 'isotonic' as const, maps: [{ x: [0.25, 0.75], y: [0.1, 0.9] }] };
    // logit 0 → p 0.5, halfway between the knots → 0.5; logit −10 → p ≈ 0 → clamped to 0.1.
    expect(applyCalibration(c, 0, 0)).toBeCloseTo(0.5, 12);
    expect(applyCalibration(c, 0, -10)).toBe(0.1);
  });

  it('fits a temperature above 1 to over-confident logits', () => {
    // Logits ±4 (p ≈ 0.98) but labels agree only 3 times in 4: the best σ(±4/T) is 0.75, so T = 4 / ln 3 ≈ 3.64.
    const z = [4, 4, 4, 4, -4, -4, -4, -4];
    const y = [1, 1, 1, 0, 0, 0, 0, 1];
    expect(fitTemperature(z, y)).toBeCloseTo(4 / Math.log(3), 3);
  });

  it('computes AUC with mid-ranks for ties', () => {
    // Pairs (pos, neg): (0.9,0.1) 1, (0.9,0.5) 1, (0.5,0.1) 1, (0.5,0.5) ½ → 3.5 / 4.
    expect(auc([0.9, 0.5, 0.5, 0.1], [1, 1, 0, 0])).toBe(0.875);
    expect(auc([0.3, 0.4], [1, 1])).toBeNull();
  });

  it('computes Brier and ECE over 10 bins', () => {
    // p = 0.15 ×2 (labels 0, 1) in bin 1: |0.15 − 0.5| = 0.35; p = 0.95 (label 1) in bin 9: 0.05.
    // ECE = 2/3·0.35 + 1/3·0.05 = 0.25; Brier = (0.0225 + 0.7225 + 0.0025) / 3 = 0.2491666…
    const m = probabilityMetrics([0.15, 0.15, 0.95], [0, 1, 1]);
    expect(m.ece).toBeCloseTo(0.25, 12);
    expect(m.brier).toBeCloseTo(0.7475 / 3, 12);
    expect(m.bins[1]).toEqual({ lo: 0.1, hi: 0.2, count: 2, meanPredicted: 0.15, meanObserved: 0.5 });
  });
});

describe('embedding side files', () => {
  it.each([
    [
      '{"request_id": "a", "embedding": [1, 2]}\n{"request_id": "b", "embedding": [1]}\n',
      /e\.jsonl:2 \(embedding\): expected an embedding of 2 numbers/,
    ],
    ['{"request_id": "a", "embedding": [1, 2]}\nnot json\n', /e\.jsonl:2: expected a JSON object/],
    [
      '{"request_id": "a", "embedding": [1, 2]}\n{"request_id": "a", "embedding": [3, 4]}\n',
      /e\.jsonl:2 \(request_id\): expected each request once/,
    ],
    ['', /expected at least one embedding/],
  ])('rejects a bad JSONL side file with file and line (%#)', async (text, message) => {
    const dir = await mkdtemp(join(tmpdir(), 'routelab-emb-'));
    try {
      await writeFile(join(dir, 'e.jsonl'), text);
      await expect(readEmbeddingFile(join(dir, 'e.jsonl'))).rejects.toThrow(message);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('reads request_id → vector', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'routelab-emb-'));
    try {
      await writeFile(join(dir, 'e.jsonl'), '{"request_id": "a", "embedding": [0.5, -1]}\n');
      const { table, dim } = await readEmbeddingFile(join(dir, 'e.jsonl'));
      expect(dim).toBe(2);
      expect(Array.from(table.get('a')!)).toEqual([0.5, -1]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
