import { describe, expect, it } from 'vitest';
import { builtinRegistry } from '../../policies/index.ts';
import { demoDataset, demoPolicySpecs } from '../../src/evaluate/demo-flow.ts';
import { modelMeans } from '../../src/policy/model-means.ts';
import { policyMaker } from '../../src/policy/resolve-policy.ts';
import type { PolicySpec } from '../../src/policy/spec.ts';
import { buildCatalog } from '../../src/replay/catalog.ts';
import { traceOf } from '../replay/tiny-trace.ts';

// 40 requests × models cheap (cost 1, quality 0 on odd requests) and dear (cost 5, always right), with latency.
const trace = traceOf(
  Array.from({ length: 40 }, (_, i) => [
    { requestId: `r${i}`, model: 'cheap', quality: i % 2 === 0 ? 1 : 0, costUsd: 1, latencyMs: 10, task: 't' },
    { requestId: `r${i}`, model: 'dear', quality: 1, costUsd: 5, latencyMs: 50, task: 't' },
  ]).flat(),
);

describe('the demo flow of one dataset', () => {
  it('picks the built-ins that fit: a judged cascade from the cheapest to the best model, fastest with latency', () => {
    const means = modelMeans(trace, buildCatalog(trace, trace, undefined));
    expect(demoPolicySpecs(trace, means)).toEqual([
      'random',
      'best-prior',
      'knn?k=20',
      'cheapest',
      'cascade:cheap>dear?accept=judge&epsilon=0.1',
      'fastest',
    ]);
  });

  it('replays them through the policies it is handed, with best-prior as the baseline', async () => {
    const asked: string[] = [];
    const make = policyMaker(builtinRegistry());
    const makePolicy = (spec: string | PolicySpec) => {
      asked.push(typeof spec === 'string' ? spec : spec.source);
      return make(spec);
    };
    const r = await demoDataset(trace, { name: 'tiny', seed: 1, makePolicy });
    const means = modelMeans(trace, buildCatalog(trace, trace, undefined));
    // Policies come only from the maker it was handed, one per spec, each replayed as one run.
    expect(asked).toEqual(demoPolicySpecs(trace, means));
    expect(r.results.runs).toHaveLength(asked.length);
    expect(r.results.trace.path).toBe('datasets/tiny.csv.gz');
    expect(r.results.runs.find((run) => run.policy === 'cheapest')!.vsBaseline).toBeDefined();
    expect(r.asLog).toBeUndefined();
    expect(r.sweeps).toEqual([]);
  });
});
