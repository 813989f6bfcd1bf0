import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/core/errors.ts';
import { createRng } from '../../src/core/rng.ts';
import { readArrivalPattern } from '../../src/simulate/arrival-pattern.ts';
import { arrivalTimes, parseArrivals } from '../../src/simulate/arrivals.ts';
import { traceOf } from '../replay/tiny-trace.ts';

const T0 = 1_700_000_000_000;
const trace = traceOf(
  [0, 1000, 1500, 4000].map((o, i) => ({ requestId: `r${i}`, model: 'a', timestampMs: T0 + o, latencyMs: 1 })),
);

describe('arrivals', () => {
  it('trace keeps the timestamps; scale:2 halves every gap from the first arrival', () => {
    const times = (spec: string) => [...arrivalTimes(trace, parseArrivals(spec), createRng(0))].map((t) => t - T0);
    expect(times('trace')).toEqual([0, 1000, 1500, 4000]);
    expect(times('scale:2')).toEqual([0, 500, 750, 2000]);
    expect(times('scale:0.5')).toEqual([0, 2000, 3000, 8000]);
  });

  it('poisson:<rate> starts at the first timestamp with exponential gaps of mean 1/rate', () => {
    const big = traceOf(Array.from({ length: 20_000 }, (_v, i) => ({ requestId: `r${i}`, model: 'a', latencyMs: 1 })));
    const t = arrivalTimes(big, parseArrivals('poisson:4'), createRng(1));
    expect(t[0]).toBe(0); // no timestamps: the clock starts at 0
    expect(Math.abs((t[t.length - 1]! - t[0]!) / (t.length - 1) / 250 - 1)).toBeLessThan(0.02);
  });

  it('a recorded pattern is laid from the first timestamp and repeated, keeping its rate', () => {
    const pattern = Float64Array.from([0, 10, 30]);
    const t = arrivalTimes(trace, parseArrivals('azure:code'), createRng(0), pattern);
    // span = 30 + 30 / 2 = 45: the 4th request starts the second pass at 45.
    expect([...t].map((x) => x - T0)).toEqual([0, 10, 30, 45]);
  });

  it('the bundled Azure patterns are ascending offsets from 0', () => {
    const code = readArrivalPattern('azure-code');
    expect(code.length).toBe(8819);
    expect(code[0]).toBe(0);
    expect(code[code.length - 1]).toBeGreaterThan(3_400_000);
  });

  it.each(['', 'scale', 'scale:0', 'scale:-1', 'poisson:x', 'azure:chat', 'burst:3'])(
    'refuses --arrivals %j',
    (spec) => {
      expect(() => parseArrivals(spec)).toThrow(ConfigError);
      expect(() => parseArrivals(spec)).toThrow(`--arrivals: expected trace, scale:<x> (x > 0)`);
    },
  );

  it('trace and scale need timestamps', () => {
    const bare = traceOf([{ requestId: 'r0', model: 'a', latencyMs: 1 }]);
    expect(() => arrivalTimes(bare, parseArrivals('scale:2'), createRng(0))).toThrow(
      '--arrivals scale: request r0 has no timestamp; give the trace a timestamp column or use --arrivals poisson:',
    );
  });
});
