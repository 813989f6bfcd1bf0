import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { subsetTrace } from '../../src/replay/subset-trace.ts';
import { tagNumbers, tagRowNumbers } from '../../src/traces/tag-numbers.ts';
import { runSpec } from '../policies/run-spec.ts';
import { tinyTrace, traceOf } from '../replay/tiny-trace.ts';

const tagOf = (values: string[]) => traceOf(values.map((v, i) => ({ requestId: `r${i}`, model: 'a', tags: { s: v } })));

describe('numeric tag columns, typed once in traces/', () => {
  it('gives Number(s) for every plain decimal', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (x) => {
        const s = String(x);
        const t = tagOf([s]);
        expect(Object.is(tagNumbers(t.tags[0]!)[0], Number(s))).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('reads hex, Infinity, stray text and empty cells as NaN instead of guessing', () => {
    const t = tagOf(['0x10', 'Infinity', '1e400', '3 apples', '', ' 0.25 ']);
    expect([...tagRowNumbers(t.tags[0]!)]).toEqual([NaN, NaN, NaN, NaN, NaN, 0.25]);
  });

  it('parses a dictionary once: a subset of the trace shares the parsed values', () => {
    const t = tinyTrace();
    const score = t.tags.find((x) => x.name === 'score')!;
    const sub = subsetTrace(t, [2, 0]).tags.find((x) => x.name === 'score')!;
    expect(tagNumbers(sub)).toBe(tagNumbers(score));
  });

  it('is what the threshold policy routes on, request by request', async () => {
    // scores r1 0.9, r2 0.2, r3 0.6, r4 0.1; threshold 0.5 → c, a, c, a.
    const run = await runSpec('threshold:score?strong=c&weak=a&threshold=0.5', tinyTrace());
    expect(run.models).toEqual(['c', 'a', 'c', 'a']);
  });
});
