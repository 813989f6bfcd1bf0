import { describe, expect, it } from 'vitest';
import { sharedValue } from '../../src/policy/shared-cache.ts';
import { tinyTrace, traceOf } from '../replay/tiny-trace.ts';
import { runSpec } from './run-spec.ts';

const test = () =>
  traceOf(
    ['prove it', 'hello', 'zzz', 'prove hello'].flatMap((prompt, i) =>
      ['a', 'b', 'c'].map((model) => ({ requestId: `t${i}`, model, prompt, quality: 1, costUsd: 1 })),
    ),
  );

describe('knn on a shared training trace (a sweep)', () => {
  it('decides exactly as policies built on separate copies of the trace, whatever k and λ came before', async () => {
    const shared = tinyTrace();
    const specs = ['knn?k=2', 'knn?k=1&lambda=0.3', 'knn?k=3', 'knn?k=2&lambda=0.3', 'knn?k=1'];
    for (const spec of specs) {
      const together = await runSpec(spec, test(), { train: shared });
      const alone = await runSpec(spec, test(), { train: tinyTrace() });
      expect(together.models, spec).toEqual(alone.models);
    }
  });

  it('keeps its index with the training trace, so later policies on that trace reuse it', async () => {
    const train = tinyTrace();
    await runSpec('knn?k=2', test(), { train });
    const models = JSON.stringify(train.modelNames);
    const reused = sharedValue(train, `knn:65536:${models}`, () => undefined);
    expect(reused).toBeDefined();
  });
});
