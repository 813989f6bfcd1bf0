import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { replay } from '../../src/replay/replay.ts';
import { singleModelDecisions } from '../../src/metrics/references.ts';
import type { RowInput } from '../../src/traces/builder.ts';
import { builtinRegistry } from '../../policies/index.ts';
import { resolvePolicy } from '../../src/policy/resolve-policy.ts';
import { traceOf } from './tiny-trace.ts';

const MODELS = ['a', 'b', 'c'];

/** Full-information rows: per request a random quality/cost/latency per model and a score tag. */
const rowsArb = fc
  .array(
    fc.record({
      q: fc.array(fc.constantFrom(0, 0.5, 1), { minLength: 3, maxLength: 3 }),
      cost: fc.array(fc.integer({ min: 1, max: 9 }), { minLength: 3, maxLength: 3 }),
      score: fc.integer({ min: 0, max: 9 }),
    }),
    { minLength: 1, maxLength: 30 },
  )
  .map((reqs) =>
    reqs.flatMap((x, r) =>
      MODELS.map(
        (model, m): Partial<RowInput> => ({
          requestId: `r${r}`,
          model,
          quality: x.q[m]!,
          costUsd: x.cost[m]!,
          latencyMs: x.cost[m]! * 10,
          tags: { score: String(x.score / 10) },
        }),
      ),
    ),
  );

const total = (a: Float64Array): number => a.reduce((x, y) => x + (Number.isNaN(y) ? 0 : y), 0);

describe('replay properties', () => {
  it('gives identical decisions for the same seed', async () => {
    await fc.assert(
      fc.asyncProperty(rowsArb, fc.integer(), async (rows, seed) => {
        const trace = traceOf(rows);
        const policies = () =>
          Promise.all(['random', 'cascade:a>c?epsilon=0.3'].map((s) => resolvePolicy(s, builtinRegistry())));
        const first = await replay(trace, await policies(), { seed });
        const second = await replay(trace, await policies(), { seed });
        expect(second).toEqual(first);
      }),
      { numRuns: 30 },
    );
  });

  it('gives a stateless policy the same totals whatever the row order', async () => {
    await fc.assert(
      fc.asyncProperty(
        rowsArb.chain((rows) =>
          fc.tuple(fc.constant(rows), fc.shuffledSubarray(rows, { minLength: rows.length, maxLength: rows.length })),
        ),
        async ([rows, shuffled]) => {
          const specs = [
            'always:b',
            'threshold:score?strong=c&weak=a&threshold=0.5',
            'cascade:a>b>c?threshold=0.5&epsilon=0',
          ];
          const runOn = async (rs: Partial<RowInput>[]) =>
            replay(traceOf(rs), await Promise.all(specs.map((s) => resolvePolicy(s, builtinRegistry()))), { seed: 3 });
          const [x, y] = [await runOn(rows), await runOn(shuffled)];
          x.forEach((run, i) => {
            expect(total(y[i]!.quality)).toBeCloseTo(total(run.quality), 9);
            expect(total(y[i]!.costUsd)).toBe(total(run.costUsd));
            expect(y[i]!.unsupported).toBe(run.unsupported);
          });
        },
      ),
      { numRuns: 30 },
    );
  });

  it("matches the metrics' independent always-<model> reference exactly", async () => {
    await fc.assert(
      fc.asyncProperty(rowsArb, async (rows) => {
        const trace = traceOf(rows.filter((_, i) => i % 7 !== 3)); // drop some cells: unsupported requests
        const [run] = await replay(trace, [await resolvePolicy('always:b', builtinRegistry())], { seed: 1 });
        const reference = singleModelDecisions(trace, 'b');
        // The reference knows outcomes only; the replay also records the model wanted, b on every request.
        const { wanted, ...decided } = run!;
        expect(wanted).toEqual(new Int32Array(trace.requestCount).fill(trace.modelNames.indexOf('b')));
        expect({ ...decided, policy: '' }).toEqual({ ...reference, policy: '' });
      }),
      { numRuns: 30 },
    );
  });
});
