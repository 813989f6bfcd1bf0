import { describe, expect, it } from 'vitest';
import { knnPolicy, knnShare } from '../../policies/knn.ts';
import { replay } from '../../src/replay/replay.ts';
import { subsetTrace } from '../../src/replay/subset-trace.ts';
import { plantedTrace } from '../learn/synthetic.ts';

describe('knn policies sharing one index (a λ sweep)', () => {
  it('decide exactly as unshared ones, searching each prompt once', async () => {
    const trace = plantedTrace(120, 4);
    const train = subsetTrace(
      trace,
      Uint32Array.from({ length: 80 }, (_, i) => i),
    );
    const test = subsetTrace(
      trace,
      Uint32Array.from({ length: 40 }, (_, i) => 80 + i),
    );
    const lambdas = [0, 10, 100, 1000];
    const share = knnShare();
    const shared = await replay(
      test,
      lambdas.map((l) => knnPolicy(3, l, 1024, share)),
      { seed: 0, train },
    );
    const alone = await replay(
      test,
      lambdas.map((l) => knnPolicy(3, l, 1024)),
      { seed: 0, train },
    );
    shared.forEach((run, i) => expect(Array.from(run.chosen)).toEqual(Array.from(alone[i]!.chosen)));
    expect(new Set(shared.map((r) => r.chosen.join())).size).toBeGreaterThan(1);
    expect(share.neighbours.size).toBe(new Set(test.prompts).size);
  });
});
