import { describe, expect, it } from 'vitest';
import { simulationTimeline } from '../../src/metrics/simulation-timeline.ts';
import { simulate } from '../../src/simulate/simulate.ts';
import { traceOf } from '../replay/tiny-trace.ts';
import { always, deployment } from '../simulate/synthetic.ts';

describe('simulation timeline', () => {
  it('buckets arrivals, p95, time-average queue and in-flight counts, failures and provider shares', async () => {
    // 4 requests at 0 on one provider with 2 slots, latency 100, rpm 3: r0, r1 run 0–100, r2 waits 0–100 and
    // runs 100–200, r3 is refused (429) at 0. Two buckets of 100 ms from 0 to 200.
    const t = traceOf([0, 1, 2, 3].map((i) => ({ requestId: `r${i}`, model: 'a', timestampMs: 0, latencyMs: 100 })));
    const d = deployment({ providers: [{ name: 'p', model: 'a', concurrency: 2, rpm: 3 }] });
    const run = (await simulate(t, d, [always('a')], { seed: 0, arrivals: { type: 'trace' } })).runs[0]!;
    const [b0, b1] = simulationTimeline(run, 2);
    // Bucket 0: answered latencies 100, 100, 200 → type-7 p95 = 100 + 0.9 · 100 = 190.
    expect(b0).toEqual({
      startMs: 0,
      arrivals: 4,
      p95LatencyMs: 190,
      meanQueued: 1,
      meanInFlight: 2,
      errors: 0,
      timeouts: 0,
      rateLimited: 1,
      providerShare: { p: 1 },
    });
    expect(b1).toMatchObject({ startMs: 100, arrivals: 0, p95LatencyMs: null, meanQueued: 0, meanInFlight: 1 });
  });
});
