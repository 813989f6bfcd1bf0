import { describe, expect, it } from 'vitest';
import { type GatewaySetup, simulateGatewayLog } from '../../src/replay/simulate-gateway-log.ts';
import { emptyRow, TraceBuilder } from '../../src/traces/builder.ts';
import type { Trace } from '../../src/traces/trace.ts';

// Two models × three requests, arriving 1 s apart:
//   request | a: quality cost latency | b: quality cost latency
//   r0      |    1      0.5   1000    |    0      0.1   500
//   r1      |    1      0.5   90000   |    1      0.1   500      (a times out at 60 s)
//   r2      |    0      0.5   1000    |    1      0.1   500      (a is rate limited: r2 is in the burst)
function trace(): Trace {
  const b = new TraceBuilder();
  const src = b.addSource('t.csv');
  const cells: [string, string, number, number, number][] = [
    ['r0', 'a', 1, 0.5, 1000],
    ['r0', 'b', 0, 0.1, 500],
    ['r1', 'a', 1, 0.5, 90000],
    ['r1', 'b', 1, 0.1, 500],
    ['r2', 'a', 0, 0.5, 1000],
    ['r2', 'b', 1, 0.1, 500],
  ];
  cells.forEach(([id, model, quality, costUsd, latencyMs], i) => {
    const row = emptyRow();
    Object.assign(row, { requestId: id, model, quality, costUsd, latencyMs, task: 't' });
    row.timestampMs = 1.7e12 + Number(id.slice(1)) * 1000;
    b.add(row, src, i + 2);
  });
  return b.finish();
}

const setup: GatewaySetup = {
  weights: { t: { a: 1, b: 0 } },
  fallbacks: { a: 'b' },
  timeoutMs: 60_000,
  errorRate: 0,
  rateLimitBurst: { model: 'a', from: 2, to: 3 },
  seed: 1,
};

describe('simulateGatewayLog', () => {
  const { calls, truth } = simulateGatewayLog(trace(), setup);

  it("logs the router's choice, a fallback after a timeout or a 429, and no answer on a failed call", () => {
    expect(calls.map((c) => [c.requestId, c.model, c.attempt, c.status, c.quality, c.costUsd, c.latencyMs])).toEqual([
      ['r0', 'a', 1, 'ok', 1, 0.5, 1000],
      ['r1', 'a', 1, 'timeout', NaN, 0, 60000],
      ['r1', 'b', 2, 'ok', 1, 0.1, 500],
      ['r2', 'a', 1, 'rate_limited', NaN, 0, 180],
      ['r2', 'b', 2, 'ok', 1, 0.1, 500],
    ]);
    // The fallback starts 50 ms after the failed call ends; a has all the weight.
    expect(calls[2]!.startMs - calls[1]!.startMs).toBe(60050);
    expect(calls.every((c) => c.propensity === 1)).toBe(true);
  });

  it('knows the truth of a chain starting at each model', () => {
    // Starting at a: r0 a answers (1, $0.5); r1, r2 fall back to b (1, $0.1). Starting at b: b answers.
    expect(truth.map((t) => t.map((x) => [x.quality, x.costUsd]))).toEqual([
      [
        [1, 0.5],
        [0, 0.1],
      ],
      [
        [1, 0.1],
        [1, 0.1],
      ],
      [
        [1, 0.1],
        [1, 0.1],
      ],
    ]);
  });
});
