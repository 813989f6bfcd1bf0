import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { builtinRegistry } from '../../policies/index.ts';
import { buildResults } from '../../src/metrics/results.ts';
import { resolvePolicy } from '../../src/policy/resolve-policy.ts';
import { replay } from '../../src/replay/replay.ts';
import { splitByRequest } from '../../src/replay/split.ts';
import type { RowInput } from '../../src/traces/builder.ts';
import { traceOf } from './tiny-trace.ts';

// Stateful (fastest learns from observe), random (weights sampling) and a simulated judge (rng per call):
// the policies whose results used to follow the order in which models and requests first appeared.
const SPECS = ['fastest', 'random', 'weighted:a=1,b=2,c=3', 'cascade:c>b>a?epsilon=0.3', 'always:b'];

/** Full-information rows for 3 models, with or without timestamps (few distinct ones, so ties happen). */
const rowsArb = (timed: boolean) =>
  fc
    .array(
      fc.record({
        q: fc.array(fc.constantFrom(0, 1), { minLength: 3, maxLength: 3 }),
        latency: fc.array(fc.integer({ min: 1, max: 50 }), { minLength: 3, maxLength: 3 }),
        minute: fc.integer({ min: 0, max: 3 }),
      }),
      { minLength: 2, maxLength: 25 },
    )
    .map((reqs) =>
      reqs.flatMap((x, r) =>
        ['c', 'a', 'b'].map(
          (model, m): Partial<RowInput> => ({
            requestId: `q${r}`,
            model,
            quality: x.q[m]!,
            costUsd: [4, 1, 2][m]!,
            latencyMs: x.latency[m]!,
            ...(timed ? { timestampMs: x.minute * 60_000 } : {}),
          }),
        ),
      ),
    );

async function resultsOf(rows: Partial<RowInput>[]) {
  const trace = traceOf(rows);
  const policies = await Promise.all(SPECS.map((s) => resolvePolicy(s, builtinRegistry())));
  const runs = await replay(trace, policies, { seed: 7 });
  return buildResults(trace, runs, { seed: 7, resamples: 50, path: 'tiny.csv', version: 'test' });
}

const shuffled = (timed: boolean) =>
  rowsArb(timed).chain((rows) =>
    fc.tuple(fc.constant(rows), fc.shuffledSubarray(rows, { minLength: rows.length, maxLength: rows.length })),
  );

describe('results do not depend on the order of the rows in the file', () => {
  it.each([
    ['with timestamps (equal times included)', true],
    ['without timestamps', false],
  ])('gives byte-identical results for shuffled rows, %s', async (_, timed) => {
    await fc.assert(
      fc.asyncProperty(shuffled(timed), async ([rows, other]) => {
        expect(JSON.stringify(await resultsOf(other))).toBe(JSON.stringify(await resultsOf(rows)));
      }),
      { numRuns: 25 },
    );
  });

  it('codes models by name and lists requests by id (numbers in number order)', () => {
    const t = traceOf([
      { requestId: 'q10', model: 'zeta' },
      { requestId: 'q2', model: 'alpha' },
      { requestId: 'q10', model: 'alpha' },
      { requestId: 'q1', model: 'mid' },
    ]);
    expect(t.modelNames).toEqual(['alpha', 'mid', 'zeta']);
    expect(t.requestIds).toEqual(['q1', 'q2', 'q10']);
    expect([...t.rowModel]).toEqual([1, 0, 2, 0]);
  });

  it('splits by request id: the same rows in another order give the same train and test requests', () => {
    const rows = Array.from({ length: 40 }, (_, r) => ({ requestId: `r${r}`, model: 'a' }));
    const a = splitByRequest(traceOf(rows), 0.5, 3);
    const b = splitByRequest(traceOf([...rows].reverse()), 0.5, 3);
    expect(b.train.requestIds).toEqual(a.train.requestIds);
    expect(a.train.requestCount).toBe(20);
  });
});
