import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ModelFileError } from '../../src/core/errors.ts';
import { traceFeatureInput } from '../../src/learn/features/input.ts';
import { checkCandidates, loadModelDir } from '../../src/learn/model-dir.ts';
import { trainRouter, type TrainResult } from '../../src/learn/train.ts';
import { replay } from '../../src/replay/replay.ts';
import { subsetTrace } from '../../src/replay/subset-trace.ts';
import { learnedPolicy } from '../../policies/learned.ts';
import { evaluateRoutingOnSplit } from '../../src/learn/evaluate-routing.ts';
import { plantedTrace } from './synthetic.ts';
import { builtinRegistry } from '../../policies/index.ts';
import { parseSpec } from '../../src/policy/spec.ts';

const trace = plantedTrace(400);
let dir: string;
let result: TrainResult;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'routelab-learn-'));
  result = await trainRouter(trace, {
    hashBits: 10,
    hidden: [16],
    epochs: 25,
    seed: 7,
    out: join(dir, 'm'),
    target: { type: 'max-share', model: 'strong', share: 0.6 },
  });
});
afterAll(async () => rm(dir, { recursive: true, force: true }));

describe('trainRouter', () => {
  it('beats a constant predictor on a planted signal (AUC and Brier on held-out requests)', () => {
    const weak = result.metrics.find((m) => m.model === 'weak')!.calibrated;
    // A constant predictor has AUC 0.5 and Brier = p(1−p) at best (p = positive share).
    expect(weak.auc!).toBeGreaterThan(0.85);
    expect(weak.brier).toBeLessThan(weak.positiveShare * (1 - weak.positiveShare) - 0.05);
  });

  it('records splits, hash, backend and λ in the manifest', () => {
    const m = result.manifest;
    expect(m.trainingData.requests).toEqual({ train: 240, calibration: 80, test: 80 });
    expect(m.trainingData.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(['wasm', 'cpu', 'tensorflow']).toContain(m.backend);
    expect(m.route.lambda).toBeGreaterThan(0);
  });

  it('round-trips through the model directory to identical predictions', async () => {
    const a = await loadModelDir(join(dir, 'm'));
    const b = await loadModelDir(join(dir, 'm'));
    const pa = a.predictor(),
      pb = b.predictor();
    const qa = new Float64Array(2),
      qb = new Float64Array(2);
    for (const r of result.split.test) {
      pa.predict(traceFeatureInput(trace, r), qa);
      pb.predict(traceFeatureInput(trace, r), qb);
      expect(Array.from(qa)).toEqual(Array.from(qb));
    }
  });

  it('is byte-identical when trained twice with the same seed', async () => {
    await trainRouter(trace, {
      hashBits: 10,
      hidden: [16],
      epochs: 25,
      seed: 7,
      out: join(dir, 'm2'),
      target: { type: 'max-share', model: 'strong', share: 0.6 },
    });
    expect(await readFile(join(dir, 'm2', 'weights.bin'))).toEqual(await readFile(join(dir, 'm', 'weights.bin')));
    expect(await readFile(join(dir, 'm2', 'manifest.json'), 'utf8')).toBe(
      await readFile(join(dir, 'm', 'manifest.json'), 'utf8'),
    );
  });

  it('replays as learned:<dir> and sends the math prompts to the strong model', async () => {
    const [run] = await replay(trace, [learnedPolicy(join(dir, 'm'), { lambda: '10' })], { seed: 0 });
    let right = 0;
    for (let r = 0; r < trace.requestCount; r++) {
      const math = trace.prompts[r]!.includes('integral');
      if ((run!.chosen[r] === trace.modelNames.indexOf('strong')) === math) right++;
    }
    expect(right / trace.requestCount).toBeGreaterThan(0.9);
  });

  it('re-calibrates λ from a spec override (max-share of the strong model) on the saved calibration split', async () => {
    const policy = await builtinRegistry().create(parseSpec(`learned:${join(dir, 'm')}?max-share=strong=0.25`));
    // Replayed on the calibration requests themselves, the calibrated λ gives the smallest λ with share ≤ 0.25.
    const cal = subsetTrace(trace, result.split.calibration);
    const [run] = await replay(cal, [policy], { seed: 0 });
    const strong = trace.modelNames.indexOf('strong');
    const share = Array.from(run!.chosen).filter((c) => c === strong).length / cal.requestCount;
    expect(share).toBeLessThanOrEqual(0.25);
    expect(share).toBeGreaterThan(0.15);
  });

  it('evaluates routing on the test split beside knn, best-prior, singles, oracle and the zero router', async () => {
    const e = await evaluateRoutingOnSplit(trace, join(dir, 'm'), result.manifest, result.split, { seed: 0 });
    expect(e.requests).toBe(80);
    expect([e.weak, e.strong]).toEqual(['weak', 'strong']);
    // The planted signal is learnable: the learned curve beats random mixing of the two models and
    // reaches strong's quality for less than strong's cost.
    expect(e.learnedCurve.aiq!).toBeGreaterThan(e.zeroRouterAiq! + 0.05);
    // APGR: random mixing gives 0.5; a perfect router here gives 0.75 (PGR rises linearly to 1 at strong
    // share 0.5 — the math half — then stays 1: ∫ = 0.25 + 0.5).
    expect(e.learnedApgr!).toBeGreaterThan(0.55);
    expect(e.learnedApgr!).toBeLessThanOrEqual(0.76);
    expect(e.learnedCostAtBestSingle!).toBeLessThan(e.bestSingle.costUsd.perRequest);
    expect(e.oracle.quality.mean!).toBeGreaterThanOrEqual(e.bestSingle.quality.mean!);
  });

  it.each([
    ['lambda=1&target-cost=0.1', /give one of lambda, target-cost, target-quality, max-share/],
    ['max-share=strong', /expected <model>=<fraction>/],
    ['lamda=1', /unknown option "lamda"/],
  ])('refuses the override %s', async (query, message) => {
    await expect(
      Promise.resolve().then(() => builtinRegistry().create(parseSpec(`learned:${join(dir, 'm')}?${query}`))),
    ).rejects.toThrow(message);
  });
});

describe('model directory errors', () => {
  it.each([
    ['weights.bin', (b: Buffer) => b.subarray(0, b.length - 4), /weights\.bin: expected the file the manifest records/],
    ['manifest.json', () => Buffer.from('{"routelab": '), /manifest\.json: expected JSON/],
    ['idf.bin', null, /idf\.bin: expected a model file, got ENOENT/],
  ] as const)('names %s and the remedy when it is damaged', async (file, damage, message) => {
    const copy = join(dir, `bad-${file}`);
    await trainRouter(trace, { hashBits: 8, arch: 'logistic', epochs: 2, seed: 1, out: copy });
    const path = join(copy, file);
    if (damage) await writeFile(path, damage(await readFile(path)));
    else await rm(path);
    const err = await loadModelDir(copy).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ModelFileError);
    expect((err as Error).message).toMatch(message);
    expect((err as Error).message).toMatch(/retrain it with `routelab train/);
  });

  it('names the candidate models a trace lacks', () => {
    expect(() => checkCandidates(result.manifest, ['weak', 'other'], 'replay of x.csv')).toThrow(
      /replay of x\.csv: the model was trained for strong, weak but strong is not in the trace/,
    );
  });
});
