import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type LearnedShare, learnedPolicy } from '../../policies/learned.ts';
import { trainRouter } from '../../src/learn/train.ts';
import { replay } from '../../src/replay/replay.ts';
import { subsetTrace } from '../../src/replay/subset-trace.ts';
import { plantedTrace } from '../learn/synthetic.ts';

describe('learned policies sharing predictions (a λ sweep)', () => {
  it('decide exactly as unshared ones, predicting each request once', async () => {
    const trace = plantedTrace(200, 6);
    const dir = await mkdtemp(join(tmpdir(), 'routelab-share-'));
    try {
      const r = await trainRouter(trace, { hashBits: 8, arch: 'logistic', seed: 2, out: join(dir, 'm') });
      const test = subsetTrace(trace, r.split.test);
      const specs: Record<string, string>[] = [
        {},
        { lambda: '0' },
        { lambda: '30' },
        { lambda: '300', models: 'weak,strong' },
      ];
      const share: LearnedShare = { probabilities: new Map() };
      const shared = await replay(
        test,
        specs.map((o) => learnedPolicy(join(dir, 'm'), o, share)),
        { seed: 0 },
      );
      const alone = await replay(
        test,
        specs.map((o) => learnedPolicy(join(dir, 'm'), o)),
        { seed: 0 },
      );
      shared.forEach((run, i) => expect(Array.from(run.chosen)).toEqual(Array.from(alone[i]!.chosen)));
      expect(new Set(shared.map((run) => run.chosen.join())).size).toBeGreaterThan(1);
      expect(share.probabilities.size).toBe(test.requestCount);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
