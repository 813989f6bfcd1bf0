import { describe, expect, it } from 'vitest';
import { shareOverTime } from '../../src/metrics/share-over-time.ts';
import { CHOSEN_UNSUPPORTED, type RunDecisions } from '../../src/replay/types.ts';
import { TraceBuilder, emptyRow } from '../../src/traces/builder.ts';

const HOUR = 3_600_000;

/** Four requests, two models: at 00:10 and 00:50 (hour 0), 02:30 (hour 2), and 02:40 (hour 2). */
function fixture() {
  const b = new TraceBuilder();
  const src = b.addSource('t.csv');
  const row = emptyRow();
  const times = [10 / 60, 50 / 60, 2.5, 2 + 40 / 60].map((h) => Date.UTC(2025, 5, 1) + h * HOUR);
  times.forEach((t, r) => {
    for (const model of ['a', 'b']) {
      Object.assign(row, { requestId: `q${r}`, model, timestampMs: t, quality: 1 });
      b.add(row, src, r * 2 + 2);
    }
  });
  return b.finish();
}

function run(chosen: number[]): RunDecisions {
  const R = chosen.length;
  return {
    policy: 'p',
    chosen: Int32Array.from(chosen),
    quality: new Float64Array(R),
    costUsd: new Float64Array(R),
    costEstimated: new Uint8Array(R),
    latencyMs: new Float64Array(R),
    propensity: new Float64Array(R),
    calls: new Float64Array(2),
    unsupported: chosen.filter((c) => c === CHOSEN_UNSUPPORTED).length,
    errors: 0,
  };
}

describe('shareOverTime', () => {
  it('buckets by the smallest width giving at most maxBuckets buckets, aligned to UTC, skipping empty ones', () => {
    // Span 00:10 → 02:40: 1-minute … 15-minute buckets would be more than 3; hourly gives hours 0, 1, 2 (1 empty).
    const buckets = shareOverTime(fixture(), run([0, 1, 1, CHOSEN_UNSUPPORTED]), 3)!;
    expect(buckets).toEqual([
      // hour 0: a once, b once → ½ each
      { start: '2025-06-01T00:00:00.000Z', requests: 2, modelShare: { a: 0.5, b: 0.5 } },
      // hour 2: b once; the unsupported request counts as a request but not as a share
      { start: '2025-06-01T02:00:00.000Z', requests: 2, modelShare: { b: 1 } },
    ]);
  });

  it('is undefined for a trace without a time span', () => {
    const b = new TraceBuilder();
    const src = b.addSource('t.csv');
    const row = emptyRow();
    Object.assign(row, { requestId: 'q', model: 'a' });
    b.add(row, src, 2);
    expect(shareOverTime(b.finish(), run([0]))).toBeUndefined();
  });
});
