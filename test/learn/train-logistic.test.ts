import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadModelDir } from '../../src/learn/model-dir.ts';
import { trainRouter } from '../../src/learn/train.ts';
import { replay } from '../../src/replay/replay.ts';
import { subsetTrace } from '../../src/replay/subset-trace.ts';
import { learnedPolicy } from '../../policies/learned.ts';
import { plantedTrace } from './synthetic.ts';

const trace = plantedTrace(400);
const dirs: string[] = [];
afterAll(() => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));

describe('routelab train --arch logistic (sparse L-BFGS)', () => {
  it('learns the planted signal, saves the usual model directory and replays as learned:<dir>', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'routelab-linear-'));
    dirs.push(dir);
    const result = await trainRouter(trace, { hashBits: 10, arch: 'logistic', seed: 3, out: join(dir, 'm') });
    const weak = result.metrics.find((m) => m.model === 'weak')!;
    expect(weak.calibrated.auc).toBeGreaterThan(0.9);
    const m = result.manifest;
    expect(m.network).toMatchObject({ arch: 'logistic', outputs: 2 });
    // One loss per L2 path point plus the refit; the chosen point has the lowest validation loss.
    expect(m.fit.trainLoss.length).toBe(m.fit.epochsRun);
    const loaded = await loadModelDir(join(dir, 'm'));
    expect(loaded.layers).toHaveLength(1);
    expect(loaded.layers[0]!.inDim).toBe(m.network.inputDim);
    const test = subsetTrace(trace, result.split.test);
    const [run] = await replay(test, [learnedPolicy(join(dir, 'm'), { lambda: '10' })], { seed: 0 });
    const strong = trace.modelNames.indexOf('strong');
    // Math prompts (solved by strong only) should mostly go to strong at a small λ.
    let math = 0,
      toStrong = 0;
    for (let i = 0; i < test.requestCount; i++) {
      if (!test.prompts[i]!.includes('integral')) continue;
      math++;
      if (run!.chosen[i] === strong) toStrong++;
    }
    expect(toStrong / math).toBeGreaterThan(0.8);
  });

  it('is byte-identical when trained twice with the same seed', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'routelab-linear-'));
    dirs.push(dir);
    const a = await trainRouter(trace, { hashBits: 8, arch: 'logistic', seed: 5, out: join(dir, 'a') });
    const b = await trainRouter(trace, { hashBits: 8, arch: 'logistic', seed: 5, out: join(dir, 'b') });
    expect(b.manifest.files).toEqual(a.manifest.files);
  });
});
