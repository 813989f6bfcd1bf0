import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { builtinPolicies, builtinRegistry } from '../../policies/index.ts';
import { threshold } from '../../policies/threshold.ts';
import { sweep } from '../../src/evaluate/sweep.ts';
import { PolicyRegistry } from '../../src/policy/registry.ts';
import { policyMaker } from '../../src/policy/resolve-policy.ts';
import { twoModelSweep } from '../../src/replay/two-model-sweep.ts';
import { tagNumbers } from '../../src/traces/tag-numbers.ts';
import { matrixRows } from '../metrics/random-matrix.ts';
import { traceOf } from '../replay/tiny-trace.ts';

// The threshold policy without its fast-path hook: every point is an ordinary replay + summarize.
const slowRegistry = new PolicyRegistry(builtinPolicies.filter((d) => d.name !== 'threshold')).register({
  ...threshold,
  factory: async (options, arg) => {
    const { twoModelScores: _, ...rest } = await threshold.factory(options, arg);
    return rest;
  },
});

const values = fc.array(fc.constantFrom(-Infinity, -2, 0, 0.1, 0.3, 0.5, 0.5, 0.9, 1e3, 2e3, Infinity), {
  minLength: 1,
  maxLength: 8,
});

describe('the threshold sweep fast path', () => {
  it.each([
    ['with gaps, failures and unknowns', {}],
    ['with retries', { retries: true }],
    ['on regular traces', { full: true }],
  ])('gives results byte-identical to a replay per point %s', async (_, options) => {
    await fc.assert(
      fc.asyncProperty(matrixRows({ ...options, scored: true }), values, fc.nat(), async (rows, ts, seed) => {
        const trace = traceOf(rows);
        fc.pre(trace.modelNames.includes('m0') && trace.modelNames.includes('m1'));
        const spec = 'threshold:score?strong=m1&weak=m0';
        const tag = trace.tags.find((t) => t.name === 'score')!;
        const parsed = tagNumbers(tag);
        const score = Float64Array.from({ length: trace.requestCount }, (_, r) => {
          const c = tag.codes[trace.requestRowStart[r]!]!;
          return c < 0 ? NaN : parsed[c]!;
        });
        // The fast path does run on these traces (else the property would compare the slow path with itself).
        expect(twoModelSweep(trace, { strong: 'm1', weak: 'm0', score }, ts)).toBeDefined();
        const run = (registry: PolicyRegistry) =>
          sweep(trace, spec, 'threshold', ts, {
            seed,
            makePolicy: policyMaker(registry),
            // Named, as a replayed policy gives the sweep no pair to default to.
            strong: 'm1',
            weak: 'm0',
          });
        const fast = await run(builtinRegistry());
        const slow = await run(slowRegistry);
        expect(JSON.stringify(fast)).toBe(JSON.stringify(slow));
        expect(fast.points.length).toBe(ts.length);
      }),
      { numRuns: 60 },
    );
  });
});
