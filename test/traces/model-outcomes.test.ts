import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { singleModelDecisions } from '../../src/metrics/references.ts';
import { runSpec } from '../policies/run-spec.ts';
import { traceOf } from '../replay/tiny-trace.ts';

/** Random logs where some request × model cells hold several attempts, in any row order. */
const retriesArb = fc
  .array(
    fc.record({
      request: fc.integer({ min: 0, max: 4 }),
      model: fc.constantFrom('a', 'b'),
      costUsd: fc.integer({ min: 1, max: 9 }),
      latencyMs: fc.integer({ min: 1, max: 99 }),
      quality: fc.integer({ min: 0, max: 1 }),
      status: fc.constantFrom('ok', 'error'),
    }),
    { minLength: 1, maxLength: 25 },
  )
  .map((rows) => {
    const seen = new Map<string, number>();
    const withAttempts = rows.map((r) => {
      const key = `${r.request}/${r.model}`;
      const attempt = (seen.get(key) ?? 0) + 1;
      seen.set(key, attempt);
      return { ...r, requestId: `r${r.request}`, attempt };
    });
    // Every request gets both models so the always-<m> runs have no unsupported decision.
    for (const key of ['a', 'b'].flatMap((m) => [...new Set(rows.map((r) => r.request))].map((q) => `${q}/${m}`)))
      if (!seen.has(key)) {
        const [q, m] = key.split('/');
        withAttempts.push({ ...rows[0]!, request: Number(q), model: m as 'a' | 'b', requestId: `r${q}`, attempt: 1 });
      }
    return traceOf(withAttempts.reverse());
  });

describe('retries are folded in one place', () => {
  it('a replayed always-<model> and the metrics’ single-model reference agree request by request', async () => {
    await fc.assert(
      fc.asyncProperty(retriesArb, async (trace) => {
        for (const model of trace.modelNames) {
          const replayed = await runSpec(`always:${model}`, trace);
          const reference = singleModelDecisions(trace, model);
          expect([...replayed.quality]).toEqual([...reference.quality]);
          expect([...replayed.costUsd]).toEqual([...reference.costUsd]);
          expect([...replayed.latencyMs]).toEqual([...reference.latencyMs]);
          expect([...replayed.calls]).toEqual([...reference.calls]);
          expect(replayed.errors).toBe(reference.errors);
        }
      }),
      { numRuns: 80 },
    );
  });
});
