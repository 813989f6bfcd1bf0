import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { traceFeatureInput } from '../../src/learn/features/input.ts';
import { loadModelDir } from '../../src/learn/model-dir.ts';
import { trainRouter } from '../../src/learn/train.ts';
import type { Trace } from '../../src/traces/trace.ts';
import { plantedTrace } from './synthetic.ts';

const dirs: string[] = [];
afterAll(() => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));
const newDir = async () => {
  const d = await mkdtemp(join(tmpdir(), 'routelab-choices-'));
  dirs.push(d);
  return join(d, 'm');
};
const options = { hashBits: 10, arch: 'logistic', seed: 4 } as const;

/** The trace with every known quality of the given requests flipped (q → 1 − q). */
function flipped(trace: Trace, requests: Uint32Array): Trace {
  const quality = Float64Array.from(trace.quality);
  for (const r of requests)
    for (let i = trace.requestRowStart[r]!; i < trace.requestRowStart[r + 1]!; i++) quality[i] = 1 - quality[i]!;
  return { ...trace, quality };
}

describe('what routelab train chooses on held-out data', () => {
  const trace = plantedTrace(300);

  it('never looks at the test split: flipping its outcomes changes no head, weight or saved parameter', async () => {
    const [a, b] = [await newDir(), await newDir()];
    const clean = await trainRouter(trace, { ...options, out: a });
    const dirty = await trainRouter(flipped(trace, clean.split.test), { ...options, out: b });
    expect([...dirty.split.test]).toEqual([...clean.split.test]);
    for (const key of ['weights.bin', 'idf.bin', 'calibration.bin', 'knn.bin'])
      expect(dirty.manifest.files[key], key).toBe(clean.manifest.files[key]);
    expect(dirty.manifest.fit).toEqual(clean.manifest.fit);
    expect(dirty.manifest.knn).toEqual(clean.manifest.knn);
    expect(dirty.manifest.route).toEqual(clean.manifest.route);
    // …while the held-out evaluation, which does read the test split, sees the flip.
    expect(dirty.metrics[0]!.calibrated.auc).not.toBe(clean.metrics[0]!.calibrated.auc);
  });

  it('writes the same model directory, byte for byte, for the same trace and seed', async () => {
    const [a, b] = [await newDir(), await newDir()];
    await trainRouter(trace, { ...options, out: a });
    await trainRouter(trace, { ...options, out: b });
    // model.json is left out: TF.js numbers its layer names per process (dense_Dense1, dense_Dense2, …).
    for (const f of ['manifest.json', 'weights.bin', 'calibration.bin'])
      expect((await readFile(join(b, f))).equals(await readFile(join(a, f))), f).toBe(true);
  });

  it('loads a model directory written before heads and the knn blend were recorded, predicting as before', async () => {
    const dir = await newDir();
    await trainRouter(trace, { ...options, out: dir, knnWeights: [] });
    const before = await loadModelDir(dir);
    const manifest = JSON.parse(await readFile(join(dir, 'manifest.json'), 'utf8'));
    delete manifest.fit.head;
    delete manifest.fit.pairWeight;
    delete manifest.knn;
    await writeFile(join(dir, 'manifest.json'), JSON.stringify(manifest));
    const old = await loadModelDir(dir);
    expect(old.manifest.fit.head).toBeUndefined();
    const [p, q] = [before.predictor(), old.predictor()];
    const [x, y] = [new Float64Array(2), new Float64Array(2)];
    for (let r = 0; r < 20; r++) {
      p.predict(traceFeatureInput(trace, r), x);
      q.predict(traceFeatureInput(trace, r), y);
      expect([...y]).toEqual([...x]);
    }
  });
});
