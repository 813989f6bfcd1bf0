import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DDSketch } from '../../src/core/dd-sketch.ts';
import { quantileSorted } from '../../src/core/stats.ts';

const latencies = fc.array(
  fc.oneof(fc.constant(0), fc.double({ min: 0.01, max: 1e6, noNaN: true }), fc.integer({ min: 1, max: 50 })),
  { minLength: 1, maxLength: 400 },
);

describe('DDSketch', () => {
  it('reads every type-7 quantile within 1% of the exact one', () => {
    fc.assert(
      fc.property(latencies, fc.double({ min: 0, max: 1, noNaN: true }), (values, q) => {
        const sketch = new DDSketch(0.01);
        for (const v of values) sketch.add(v);
        const sorted = Float64Array.from(values).sort();
        for (const p of [0, 0.5, 0.95, 0.99, 1, q]) {
          const exact = quantileSorted(sorted, p);
          // 1e-12 absorbs the rounding of log/pow at bucket edges.
          expect(Math.abs(sketch.quantile(p) - exact)).toBeLessThanOrEqual(0.01 * exact + 1e-12);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('merges shards into exactly the sketch of the whole', () => {
    fc.assert(
      fc.property(latencies, fc.array(fc.nat(3), { maxLength: 400 }), (values, parts) => {
        const whole = new DDSketch();
        const shards = Array.from({ length: 4 }, () => new DDSketch());
        values.forEach((v, i) => {
          whole.add(v);
          shards[parts[i] ?? 0]!.add(v);
        });
        const merged = new DDSketch();
        for (const s of shards) merged.merge(DDSketch.fromJson(JSON.parse(JSON.stringify(s.toJson()))));
        expect(merged.toJson()).toEqual(whole.toJson());
        expect(merged.quantile(0.95)).toBe(whole.quantile(0.95));
      }),
      { numRuns: 200 },
    );
  });

  it('refuses negative values and an accuracy outside (0,1)', () => {
    expect(() => new DDSketch().add(-1)).toThrow(RangeError);
    expect(() => new DDSketch(0)).toThrow(RangeError);
  });
});
