import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { builtinRegistry } from '../../policies/index.ts';
import { resolvePolicy } from '../../src/policy/resolve-policy.ts';
import { replay } from '../../src/replay/replay.ts';
import { shardTrace } from '../../src/replay/shard.ts';
import type { Trace } from '../../src/traces/trace.ts';
import { traceOf } from './tiny-trace.ts';

function chosenById(trace: Trace, chosen: Int32Array): Map<string, number> {
  return new Map(trace.requestIds.map((id, r) => [id, chosen[r]!]));
}

describe('keyed random draws', () => {
  it('give a random policy the same decision for a request whole, in any shard and in reverse order', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 40 }),
        fc.integer({ min: 1, max: 5 }),
        fc.nat(),
        async (R, n, seed) => {
          const rows = Array.from({ length: R }, (_, r) =>
            ['a', 'b', 'c'].map((model) => ({ requestId: `q${r}`, model, quality: 1 })),
          ).flat();
          const trace = traceOf(rows);
          const reversed = traceOf(rows.slice().reverse());
          const run = async (t: Trace) =>
            chosenById(t, (await replay(t, [await resolvePolicy('random', builtinRegistry())], { seed }))[0]!.chosen);
          const whole = await run(trace);
          expect(await run(reversed)).toEqual(whole);
          for (let i = 1; i <= n; i++) {
            const part = await run(shardTrace(trace, { index: i, count: n }));
            for (const [id, m] of part) expect(m).toBe(whole.get(id));
          }
        },
      ),
      { numRuns: 30 },
    );
  });
});
